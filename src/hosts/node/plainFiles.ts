/**
 * The files neuroboard keeps in its data folder (the state file, its `.prev`, the lock) are plain
 * files, never reached through a symbolic link: a save through a link overwrites the link's target,
 * wherever it points (run as root, /etc/passwd). So a link at one of those names is refused with
 * what to do, and every file neuroboard creates on the way (temp files, staged copies) is created
 * exclusively (O_CREAT | O_EXCL, which fails on any name that exists, a link included, and never
 * follows one) under a name nobody can guess. The data folder itself may be a link (a deployment
 * that points /var/lib/neuroboard at a USB stick): only the names inside it are checked.
 */
import { randomInt } from 'node:crypto';
import { lstat, open, readlink, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NbError } from '../../core/errors.js';

/**
 * Throws NB_ERR_IO (exit 74) when `path` is a symbolic link, naming it, where it points and what
 * to do (`advice`, given where it points); a missing file is fine. `what` says what the file is.
 */
export async function refuseSymlink(path: string, what: string, advice: (target: string) => string): Promise<void> {
  const stats = await lstat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!stats?.isSymbolicLink()) return;
  const target = await readlink(path).catch(() => '?');
  const points = target === '?' ? 'somewhere unreadable' : resolve(dirname(path), target);
  throw new NbError(
    'NB_ERR_IO',
    `${path} (${what}) is a symbolic link to ${points}: neuroboard never reads or writes its data files through a link, ` +
      `since a save would overwrite whatever it points to. ${advice(points)}`,
    { field: path },
  );
}

/** Decimal digits nobody can guess: a planted link cannot wait at a name made with them. */
export function unguessable(): string {
  return String(randomInt(2 ** 47));
}

/**
 * Creates `path` with `text`, fsynced, failing (EEXIST) when anything is at that name already: a
 * link there is never followed. `like` gives the new file the mode (and, as root, the owner) of the
 * file it is about to replace.
 */
export async function createExclusive(path: string, text: string, like?: { mode: number; uid: number; gid: number } | null): Promise<void> {
  const handle = await open(path, 'wx', 0o666);
  try {
    if (like) {
      await handle.chmod(like.mode & 0o7777);
      // Only root can give a file away; anyone else keeps the file as theirs, as any editor would.
      if (process.getuid?.() === 0) await handle.chown(like.uid, like.gid);
    }
    await handle.writeFile(text);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(path, { force: true }).catch(() => undefined); // ours, and half written (a full disk)
    throw err;
  }
  await handle.close();
}

/**
 * Replaces `path` with `text` atomically: a new file beside it (`<path>.<digits>`, created
 * exclusively), fsynced, renamed over the name. A rename replaces the name itself, never a link's
 * target. The caller has refused a link at `path` (refuseSymlink) for a clear message; should one
 * appear after that, the rename replaces the link and its target stays untouched.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  const current = await lstat(path).catch(() => null);
  const like = current?.isFile() ? current : null;
  let temp = '';
  for (let attempt = 0; ; attempt++) {
    temp = `${path}.${unguessable()}`;
    try {
      await createExclusive(temp, text, like);
      break;
    } catch (err) {
      // Something else at a random name (not ours: left alone): try another. Anything else (a full disk) is the answer.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 4) throw err;
    }
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}
