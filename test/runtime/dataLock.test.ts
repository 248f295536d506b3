/**
 * The data folder's lock: one running neuroboard per folder, and a crashed holder never leaves it
 * stuck. (Two real `start`s on one folder, and a SIGKILLed one: test/cli/start.test.ts.)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { LOCK_FILE, lockDataFolder } from '../../src/hosts/node/dataLock.js';

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'nb-lock-'));
}

/** The pid of a process that has run and been reaped: dead, as after a SIGKILL. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

function startTime(pid: number): string | null {
  if (!existsSync(`/proc/${pid}/stat`)) return null;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

async function writeLock(dir: string, record: object): Promise<void> {
  await writeFile(join(dir, LOCK_FILE), JSON.stringify(record));
}

async function holderPid(dir: string): Promise<number> {
  return (JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid;
}

describe('lockDataFolder', () => {
  it('holds the folder until released: a second take is refused, a take after release works, release removes the file', async () => {
    const dir = await folder();
    const lock = await lockDataFolder(dir);
    expect(await holderPid(dir)).toBe(process.pid);
    await expect(lockDataFolder(dir)).rejects.toMatchObject({ code: 'NB_ERR_DATA_LOCKED' });
    await lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await lockDataFolder(dir);
    await again.release();
    await again.release(); // twice is harmless
  });

  it('refuses a folder a live process holds, naming the folder, the pid and how to get out (exit 69)', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: process.ppid, host: hostname(), since: '2026-12-01T10:00:00.000Z', procStart: startTime(process.ppid) });
    const err = await lockDataFolder(dir).catch((e: unknown) => e);
    expect(isNbError(err, 'NB_ERR_DATA_LOCKED')).toBe(true);
    expect((err as Error & { exitCode: number }).exitCode).toBe(69);
    expect((err as Error).message).toBe(
      `the data folder ${dir} is in use by another running neuroboard (pid ${process.ppid}, since 2026-12-01T10:00:00.000Z); ` +
        'two exhibits saving into one folder would overwrite each other. Stop that one first, or give this one its own ' +
        `folder with --data (or NEUROBOARD_DATA). If no neuroboard runs as pid ${process.ppid}, delete ${join(dir, LOCK_FILE)}.`,
    );
    expect(await holderPid(dir)).toBe(process.ppid); // left alone
  });

  it('takes over the lock of a process that is gone (fault: SIGKILL or power cut left the lock behind)', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: await deadPid(), host: hostname(), since: 'x', procStart: null });
    const lock = await lockDataFolder(dir);
    expect(await holderPid(dir)).toBe(process.pid);
    await lock.release();
  });

  it('takes over a lock whose pid now belongs to another program (fault: pid reused after a crash), where the start time is known', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: process.ppid, host: hostname(), since: 'x', procStart: '1' });
    if (startTime(process.ppid) === null) {
      // Without /proc the pid alone decides: a live pid holds the lock.
      await expect(lockDataFolder(dir)).rejects.toMatchObject({ code: 'NB_ERR_DATA_LOCKED' });
      return;
    }
    const lock = await lockDataFolder(dir);
    expect(await holderPid(dir)).toBe(process.pid);
    await lock.release();
  });

  it('takes over an unreadable lock (fault: half-written), and refuses one from another host (its pid cannot be checked)', async () => {
    const dir = await folder();
    await writeFile(join(dir, LOCK_FILE), '');
    await (await lockDataFolder(dir)).release();
    await writeLock(dir, { pid: 4242, host: 'exhibit-pi-2', since: 'x', procStart: null });
    await expect(lockDataFolder(dir)).rejects.toThrow(/in use by another running neuroboard \(pid 4242 on host exhibit-pi-2, since x\)/);
  });

  it('two takes at once on a stale lock: exactly one wins', async () => {
    const dir = await folder();
    await writeLock(dir, { pid: await deadPid(), host: hostname(), since: 'x', procStart: null });
    // Two processes are modelled by one: the first take to finish holds it, so the second must see it held.
    const results = await Promise.allSettled([lockDataFolder(dir), lockDataFolder(dir)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    for (const r of results) if (r.status === 'fulfilled') await r.value.release();
  });
});
