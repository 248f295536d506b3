/**
 * One running neuroboard per data folder: two exhibits saving into one folder would overwrite each
 * other's network and corpus. The holder keeps `<folder>/neuroboard.lock` naming its pid, its host
 * and (on Linux) its process start time, so a pid reused by another program after a crash is not
 * taken for the holder. A lock whose process is gone (SIGKILL, a power cut) is taken over, so a
 * crash never leaves the folder stuck. The lock is a plain file, never reached through a symbolic
 * link, and its staged copy is created exclusively under a name nobody can guess (plainFiles.ts).
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { NbError } from '../../core/errors.js';
import type { DataLock as HostDataLock } from '../../platform/exhibitStore.js';
import { refuseSymlink, unguessable } from './plainFiles.js';

export const LOCK_FILE = 'neuroboard.lock';

interface LockRecord {
  pid: number;
  host: string;
  since: string;
  /** Field 22 of /proc/<pid>/stat (start time since boot), or null off Linux. */
  procStart: string | null;
}

export interface DataLock extends HostDataLock {
  /** The lock file. */
  readonly path: string;
  /** Removes the lock file if it is still this process's. Safe to call twice. */
  release(): Promise<void>;
}

/** Lock files this process holds: a record with our own pid is live only if it is one of these. */
const heldHere = new Set<string>();
/** Temp names differ between takes running at once, in one process too, and cannot be guessed. */
const tempSuffix = (): string => `${process.pid}.${unguessable()}`;

/**
 * Takes the lock of `dir` (which must exist), or throws NB_ERR_DATA_LOCKED naming the folder and
 * the pid that holds it.
 */
export async function lockDataFolder(dir: string): Promise<DataLock> {
  const folder = resolve(dir);
  const path = join(folder, LOCK_FILE);
  try {
    return await take(folder, path);
  } catch (err) {
    if (err instanceof NbError) throw err;
    throw new NbError('NB_ERR_IO', `cannot take the lock ${path} (${(err as Error).message}); check the data folder's permissions or pick another with --data`, {
      cause: err,
    });
  }
}

async function take(folder: string, path: string): Promise<DataLock> {
  const text = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), procStart: processStart(process.pid) } satisfies LockRecord)}\n`;
  // Some attempts can lose a race with another start taking over the same stale lock; a few suffice.
  for (let attempt = 0; attempt < 5; attempt++) {
    await refuseLink(path);
    if (await create(path, text)) return holding(path, text);
    const holder = await readLock(path);
    if (holder === null) continue; // released between our try and the read
    if (holder.record && isAlive(holder.record, path)) throw lockedError(folder, path, holder.record);
    await removeStale(path, holder.text);
  }
  throw new NbError('NB_ERR_DATA_LOCKED', `cannot take the lock ${path}: other neuroboards keep taking it; start one at a time`);
}

/** Creates the lock file with its whole content at once; false when it already exists. */
async function create(path: string, text: string): Promise<boolean> {
  const staging = `${path}.${tempSuffix()}.tmp`;
  await writeFile(staging, text, { flag: 'wx' }); // never through a link planted at the name
  try {
    try {
      await link(staging, path); // atomic, and fails when the name exists: no moment with an empty lock
      return true;
    } catch (err) {
      if (errno(err) === 'EEXIST') return false;
      // A filesystem without hard links (FAT on a USB stick): exclusive create instead.
      await writeFile(path, text, { flag: 'wx' });
      return true;
    }
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(staging, { force: true }).catch(() => undefined);
  }
}

/** A link at the lock's name would be taken over (and its target read) like a stale lock: refuse it instead. */
async function refuseLink(path: string): Promise<void> {
  await refuseSymlink(path, "the data folder's lock", () => `Remove the link (rm ${path}): neuroboard makes its own lock file when it starts.`);
}

async function readLock(path: string): Promise<{ text: string; record: LockRecord | null } | null> {
  await refuseLink(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return null;
    throw err;
  }
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (Number.isInteger(r.pid) && typeof r.host === 'string') {
      return { text, record: { pid: r.pid!, host: r.host, since: String(r.since ?? '?'), procStart: typeof r.procStart === 'string' ? r.procStart : null } };
    }
  } catch {
    // unreadable: a lock left half-written by a crash (FAT fallback), treated as stale
  }
  return { text, record: null };
}

/** Is the process the record names still running? Another host's lock is assumed live (we cannot ask). */
function isAlive(record: LockRecord, path: string): boolean {
  if (record.host !== hostname()) return true;
  if (record.pid === process.pid) return heldHere.has(path);
  try {
    process.kill(record.pid, 0);
  } catch (err) {
    if (errno(err) !== 'EPERM') return false; // ESRCH: no such process
  }
  const now = processStart(record.pid);
  // On Linux: a zombie is dead, and a different start time means the pid was reused.
  if (now === 'zombie') return false;
  return record.procStart === null || now === null || now === record.procStart;
}

/**
 * Moves a stale lock aside, and only that one: if another start replaced it meanwhile with its own
 * live lock, that one is put back.
 */
async function removeStale(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale.${tempSuffix()}`;
  try {
    await rename(path, aside);
  } catch (err) {
    if (errno(err) === 'ENOENT') return;
    throw err;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

function holding(path: string, text: string): DataLock {
  heldHere.add(path);
  const releaseSync = (): void => {
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  // A process that exits without stop() (a failed listen, an uncaught error) leaves no lock behind.
  process.once('exit', releaseSync);
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      process.off('exit', releaseSync);
      heldHere.delete(path);
      if ((await readFile(path, 'utf8').catch(() => null)) === text) await rm(path, { force: true });
    },
  };
}

function lockedError(folder: string, path: string, holder: LockRecord): NbError {
  const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
  return new NbError(
    'NB_ERR_DATA_LOCKED',
    `the data folder ${folder} is in use by another running neuroboard (${where}, since ${holder.since}); two exhibits ` +
      `saving into one folder would overwrite each other. Stop that one first, or give this one its own folder with --data ` +
      `(or NEUROBOARD_DATA). If no neuroboard runs as ${where}, delete ${path}.`,
    { field: 'data' },
  );
}

/** The start time of a process from /proc (Linux), 'zombie' for one that has exited unreaped, else null. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return 'zombie';
    return fields[19] ?? null; // field 22 overall; the first two (pid, comm) are cut off
  } catch {
    return null;
  }
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}
