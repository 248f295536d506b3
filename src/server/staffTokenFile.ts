/**
 * The staff token `neuroboard start` makes when it needs one (off loopback, or a kiosk) and none
 * is given: kept in `<data folder>/staff-token`, so it survives restarts and the staff's phones,
 * which keep it, go on working after systemd restarts the service. The file is the secret: it is
 * created 0600 and atomically (a temp file linked into place, never half-written), and only a
 * regular file is read, never one reached through a symbolic link (O_NOFOLLOW), so a link planted in
 * the data folder cannot make neuroboard print or overwrite another file.
 */
import { constants } from 'node:fs';
import { link, mkdir, open, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NbError } from '../core/errors.js';
import { checkStaffToken, newStaffToken } from './staffToken.js';

export const STAFF_TOKEN_FILE = 'staff-token';

export interface StaffTokenFromFile {
  token: string;
  /** The file it is kept in. */
  path: string;
  /** True when it was made now (the first start on this data folder). */
  created: boolean;
}

// O_NOFOLLOW is 0 where the platform has none (Windows, which has no such links by default).
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** The token kept in `dataDir`, made and kept there first when there is none. */
export async function staffTokenFromFolder(dataDir: string): Promise<StaffTokenFromFile> {
  const folder = resolve(dataDir);
  const path = join(folder, STAFF_TOKEN_FILE);
  try {
    await mkdir(folder, { recursive: true });
  } catch (err) {
    throw fileError(path, err, 'create the data folder for');
  }
  // Twice at most: when another start made the file between our read and our link, read theirs.
  for (let attempt = 0; ; attempt++) {
    const kept = await readTokenFile(path);
    if (kept !== null) return { token: kept, path, created: false };
    const token = newStaffToken();
    if (await createTokenFile(path, token)) return { token, path, created: true };
    if (attempt > 0) throw new NbError('NB_ERR_IO', `${path} appeared and vanished while neuroboard made it; is another neuroboard starting on this data folder? Start again`);
  }
}

/** The token in `path`, or null when there is no such file. */
async function readTokenFile(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | NO_FOLLOW);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError(path, err, 'read');
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NbError('NB_ERR_IO', `${path} is not a regular file; remove it, and neuroboard makes a new staff token there at the next start`);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
      throw new NbError(
        'NB_ERR_IO',
        `${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}), and it holds the staff token: run chmod 600 ${path}, or remove it and a new token is made`,
      );
    }
    const token = (await handle.readFile('utf8')).trim();
    if (token === '') {
      throw new NbError('NB_ERR_WEAK_TOKEN', `${path} is empty; remove it and neuroboard makes a new staff token there, or put a token of at least 16 characters in it`, { field: 'token' });
    }
    checkStaffToken(token, `the file ${path}`);
    return token;
  } finally {
    await handle.close();
  }
}

/** Writes a temp file and links it into place; false when `path` exists already (another start made it). */
async function createTokenFile(path: string, token: string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${newStaffToken().slice(0, 8)}.tmp`;
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, 0o600);
    try {
      await handle.writeFile(`${token}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // link, unlike rename, never replaces what is there: a file (or a link) made meanwhile wins.
    await link(temp, path);
    await syncFolder(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fileError(path, err, 'write');
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Makes the new name durable: a power cut right after the token was printed must not lose it. */
async function syncFolder(path: string): Promise<void> {
  const folder = await open(resolve(path, '..'), constants.O_RDONLY).catch(() => null);
  if (!folder) return; // Windows cannot open a folder; its rename is durable enough
  await folder.sync().catch(() => undefined);
  await folder.close();
}

function fileError(path: string, err: unknown, doing: string): NbError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ELOOP' || e.code === 'EMLINK') {
    return new NbError('NB_ERR_IO', `${path} is a symbolic link; neuroboard keeps the staff token only in a regular file there: remove the link, and a new token is made at the next start`, { cause: err });
  }
  return new NbError(
    'NB_ERR_IO',
    `cannot ${doing} the staff token file ${path} (${e.message}); the user running neuroboard must be able to write its data folder (--data or NEUROBOARD_DATA), or give a token with NEUROBOARD_TOKEN`,
    { cause: err },
  );
}
