/**
 * How neuroboard reads the data files it is handed (rigs, stories, corpora, scenarios), with the
 * care a file from somebody else's repository needs: `neuroboard test` runs in CI on whatever a
 * pull request holds, and an exhibit's rig names other files by path.
 *
 * - Only a regular file is read. A device (/dev/zero never ends; opening /dev/ttyACM0 resets an
 *   Arduino), a named pipe (blocks for ever) or a folder is refused before it is opened.
 * - At most a known size is read: the size is checked first, then the read itself stops one byte past
 *   the limit, so a file that grows in between cannot slip through.
 * - A file named *by another file* (a rig's story and corpus, a scenario's rig) must lie inside the
 *   naming file's own folder tree or the package's boards/ folder, after following symbolic links:
 *   "../../etc/passwd", or a link pointing out, is refused naming the field, the path and the rule.
 *   A path typed on the command line is the user's own choice and is not held to this.
 *
 * Errors name the file and the limit; none ever quotes what a file holds.
 */
import { constants } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { NbError, type ErrorCode } from '../../core/errors.js';
import { BOARDS_DIR } from './paths.js';

/**
 * Rigs, stories and scenarios: the shipped ones are 1-4 kB, and a hand-written one with a thousand
 * steps or an inline corpus of a thousand examples stays well under 1 MiB.
 */
export const DATA_FILE_MAX_BYTES = 1024 * 1024;
/**
 * Corpus files (JSON or CSV) and the other files `neuroboard check` reads (networks, saved state):
 * the largest network a rig allows (8 layers of 64) has 29,184 weights, well under 1 MiB of JSON,
 * and 16 MiB holds some 16,000 examples of 64 inputs and 64 outputs, more than trial and error
 * could learn from on a Raspberry Pi. Parsing 16 MiB takes well under a second.
 */
export const CORPUS_FILE_MAX_BYTES = 16 * 1024 * 1024;

const READ_CHUNK_BYTES = 64 * 1024;

/** Says a byte count as people read it: "640 MiB", "1.5 KiB", "12 bytes". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

function notAFile(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder, not a file: name a file in it';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device, not a file (a serial port or /dev/zero is never a data file): name a regular file';
  if (stats.isFIFO()) return 'a named pipe, not a file: name a regular file';
  if (stats.isSocket()) return 'a socket, not a file: name a regular file';
  return 'not a regular file: name a regular file';
}

/**
 * The refusal of a file over its kind's limit. `bytes` is its size, or null when only the read
 * found it too big (it grew, or says it is smaller than it is, as /proc files do).
 */
export function fileTooBig(path: string, what: string, bytes: number | null, maxBytes: number): NbError {
  // Exact byte counts when rounding would make the two look equal ("1 MiB, more than … (1 MiB)").
  const exact = bytes !== null && sizeText(bytes) === sizeText(maxBytes);
  const limit = exact ? `${maxBytes} bytes` : sizeText(maxBytes);
  const size = bytes === null ? 'it holds more than' : `it is ${exact ? `${bytes} bytes` : sizeText(bytes)}, more than`;
  return new NbError(
    'NB_ERR_IO',
    `${path}: ${size} a ${what} file may hold (${limit}); check that this is the right file` +
      (what === 'corpus' ? '' : ' (a larger corpus belongs in a corpus file of its own, .json or .csv, up to 16 MiB)'),
  );
}

/**
 * Reads a data file as UTF-8 text: a regular file of at most `maxBytes`. `what` names its kind in
 * messages ("rig", "story", "corpus", "scenario"). Every refusal is NB_ERR_IO (exit 74, "a file
 * could not be read") naming the file and, for size, the limit.
 */
export async function readDataFile(path: string, what: string, maxBytes = DATA_FILE_MAX_BYTES): Promise<string> {
  const cannot = (err: unknown): NbError => {
    const errno = (err as NodeJS.ErrnoException).code;
    const reason = errno === 'ENOENT' ? 'no such file' : errno === 'EACCES' ? 'permission denied' : (err as Error).message;
    return new NbError('NB_ERR_IO', `${path}: cannot read it (${reason}); check the path`, { cause: err });
  };
  let before: Stats;
  try {
    // stat, not open: opening a device can do things (a serial port resets its board) and opening a pipe can block.
    before = await stat(path);
  } catch (err) {
    throw cannot(err);
  }
  const wrongKind = notAFile(before);
  if (wrongKind) throw new NbError('NB_ERR_IO', `${path}: cannot read it as a ${what} file: it is ${wrongKind}`);
  if (before.size > maxBytes) throw fileTooBig(path, what, before.size, maxBytes);

  let handle;
  try {
    // O_NONBLOCK: should the path have been swapped for a pipe since the stat, open returns at once
    // instead of waiting for a writer, and the fstat below refuses it. No effect on a regular file.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw cannot(err);
  }
  try {
    const now = await handle.stat();
    if (notAFile(now) || now.ino !== before.ino || now.dev !== before.dev) {
      throw new NbError('NB_ERR_IO', `${path}: the file changed while it was being opened; try again`);
    }
    // Never more than one byte past the limit: reading that byte means the file grew since the stat.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw fileTooBig(path, what, null, maxBytes);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (err) {
    if (err instanceof NbError) throw err;
    throw cannot(err);
  } finally {
    await handle.close();
  }
}


/** A path one data file gives for another (a rig's story or corpus, a scenario's rig). */
export interface NamedFile {
  /** The path as written in the naming file. */
  ref: string;
  /** The file that names it, and the field that does. */
  namingFile: string;
  field: string;
  /** What the naming file is, for the message ("rig", "scenario"). */
  namer: string;
  /** The folder the named file must lie in, besides boards/ (relative paths start at the naming file's folder). */
  root: string;
  /** That folder in words ("the rig's folder"). */
  rootSays: string;
  /** The code of a refusal: the naming file is what is wrong (NB_ERR_INVALID_RIG, NB_ERR_INVALID_SCENARIO). */
  code: ErrorCode;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The absolute path of a file named by another, once it is known to lie inside `named.root` or the
 * package's boards/ folder, symbolic links followed (the real path, so a link swapped afterwards
 * changes nothing). A path outside is refused (named.code) before anything is read, naming the field,
 * the path and the rule. A file that does not exist comes back as is: reading it says so.
 */
export async function resolveNamedFile(named: NamedFile): Promise<string> {
  const path = resolve(dirname(named.namingFile), named.ref);
  const roots = [resolve(named.root), BOARDS_DIR];
  if (!roots.some((root) => isInside(path, root))) throw outside(named, path, null);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return path;
  }
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  if (!realRoots.some((root) => isInside(real, root))) throw outside(named, path, real);
  return real;
}

function outside(named: NamedFile, path: string, real: string | null): NbError {
  const root = resolve(named.root);
  const where = real === null ? `resolves to ${path}` : `leads through a symbolic link to ${real}`;
  return new NbError(
    named.code,
    `${named.namingFile}: ${named.field}: "${named.ref}" ${where}, outside ${named.rootSays} (${root}) and neuroboard's boards/ folder. ` +
      `A ${named.namer} may only name files in those folders (or folders below them), so that a ${named.namer} from elsewhere cannot read the rest of the machine: ` +
      `move or copy the file into ${root} (or a folder below it) and name it from there`,
    { field: named.field },
  );
}
