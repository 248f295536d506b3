/**
 * A problem as anyone on the network may read it. Off loopback, `/api/health` and the stream's `log`
 * events are open to every phone on the museum's Wi-Fi, and our messages name files so staff can
 * act: `cannot save /home/anna/neuroboard/var/xor.state.json: EACCES: permission denied, open
 * '/home/anna/…/xor.state.json.tmp-42'`. That tells a stranger the user name, the folders and the
 * system calls. Here it becomes `cannot save xor.state.json: permission denied`: the problem, not
 * the machine. Pure: text in, text out (and a state's log lines, each so).
 */

/**
 * Node's errno text: `EACCES: permission denied, open '/x/y'` (and `rename '/a' -> '/b'`, or no
 * syscall at all). Kept: the words in the middle.
 */
const ERRNO = /\b(?:Error: )?E[A-Z0-9]{2,}: ([a-z][^,\n]*?)(?:, [a-z_]+(?: '[^'\n]*')?(?: -> '[^'\n]*')?)?(?=$|[)\]\n;]|, |\. )/g;

/** A quoted absolute path, spaces and all: `'/x/y z/file'`, `"C:\\x\\file"`. */
const QUOTED_PATH = /(['"])((?:\/|[A-Za-z]:\\)[^'"\n]*)\1/g;

/**
 * An absolute POSIX or Windows path in running text. Folder names may hold spaces (macOS keeps our
 * data in "Application Support"); the last component may not, nor end in the punctuation around it.
 * Not a path: `/api/…` (our routes, which messages name), or a slash inside a word or a URL.
 */
const BARE_PATH = /(?<![\w.~:/\\-])(?:\/(?!api\/)|[A-Za-z]:\\)(?:[^\s'"/\\]+(?: [^\s'"/\\]+)*[/\\])*[^\s'"/\\,;:()[\]]*/g;

/** The last component of a path (a folder's own name when it ends in a separator). */
function lastComponent(path: string): string {
  const parts = path.split(/[/\\]/).filter(Boolean);
  return parts.at(-1)?.replace(/^[A-Za-z]:$/, '') || path.slice(0, 1);
}

/** `text` with every absolute path cut to its last component and errno text cut to the plain problem. */
export function publicText(text: string): string {
  return text
    .replace(ERRNO, '$1')
    .replace(QUOTED_PATH, (_, quote: string, path: string) => `${quote}${lastComponent(path)}${quote}`)
    .replace(BARE_PATH, (path) => lastComponent(path));
}

/** A state (or `hello`) as anyone on the network may read it: its log lines' text made public. */
export function withPublicLog<T extends { log: readonly { message: string }[] }>(state: T): T {
  return { ...state, log: state.log.map((line) => ({ ...line, message: publicText(line.message) })) };
}
