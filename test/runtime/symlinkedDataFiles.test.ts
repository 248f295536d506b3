/**
 * Issue 18 item 4: a save must never write through a symbolic link. With `<rig>.state.json` a link
 * and a good `.prev`, the server used to start from `.prev` and its first save overwrote the link's
 * target, anywhere on disk (as root: /etc/passwd). Links at the state file, its `.prev` and the lock
 * are refused with a clear NB_ERR_IO; files the store and the lock create themselves are created
 * exclusively, so a link planted at their names cannot redirect them. The data folder itself may
 * be a link (/var/lib/neuroboard → /mnt/usb/...): only the files inside are checked.
 */
import { existsSync, lstatSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { createNetwork } from '../../src/core/network.js';
import { AtomicJsonStore } from '../../src/hosts/node/atomicJsonStore.js';
import { LOCK_FILE, lockDataFolder } from '../../src/hosts/node/dataLock.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { stateDocument } from '../../src/runtime/exhibitState.js';
import { openExhibit } from '../../src/hosts/node/openExhibit.js';
import { createExclusive, replaceFile } from '../../src/hosts/node/plainFiles.js';
import { checkedDocument, parseCheckedDocument } from '../fixtures/checkedDocument.js';

const PRECIOUS = 'root:x:0:0:root:/root:/bin/bash\n';

/** A data folder, and a file outside it that stands for /etc/passwd: its content must never change. */
async function setting(): Promise<{ data: string; outside: string }> {
  const root = await mkdtemp(join(tmpdir(), 'nb-links-'));
  const data = join(root, 'data');
  await mkdir(data);
  const outside = join(root, 'passwd');
  await writeFile(outside, PRECIOUS);
  return { data, outside };
}

/** A good state document for the XOR rig, as an exhibit saves it. */
function xorState(): unknown {
  return stateDocument('xor', createNetwork({ sizes: [2, 3, 1], seed: 1 }), classicCorpus('xor'));
}

describe('the state file and its .prev are never written through a symbolic link', () => {
  it('bad input: the state file is a link to a file outside the folder and .prev is good: load and save refuse, naming the link, its target and what to do; the target is unchanged', async () => {
    const { data, outside } = await setting();
    const store = exhibitStore(data, 'xor');
    await writeFile(store.previousPath, JSON.stringify(xorState()));
    await symlink(outside, store.path);

    const refused = await store.load().then(() => null, (err: unknown) => err);
    expect(refused).toMatchObject({ code: 'NB_ERR_IO' });
    const message = (refused as Error).message;
    expect(message).toContain(store.path);
    expect(message).toContain(outside);
    expect(message).toMatch(/symbolic link/);
    expect(message).toMatch(/replace the link by the file itself|remove it/i);

    await expect(store.save(xorState())).rejects.toMatchObject({ code: 'NB_ERR_IO' });
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
    expect(await readlink(store.path)).toBe(outside); // the link is left for staff to look at
  });

  it('bad input: a link that appears after the load is refused by the next save, and its target is unchanged', async () => {
    const { data, outside } = await setting();
    const store = new AtomicJsonStore(join(data, 'state.json'), parseCheckedDocument);
    await store.save(checkedDocument(1));
    await store.save(checkedDocument(2));
    expect((await store.load())?.value.seq).toBe(2);
    await rm(store.path);
    await symlink(outside, store.path);
    await expect(store.save(checkedDocument(3))).rejects.toMatchObject({ code: 'NB_ERR_IO', message: expect.stringContaining(outside) as unknown });
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
  });

  it('bad input: .prev is a link to a file outside the folder: load and save refuse, and the target is unchanged', async () => {
    const { data, outside } = await setting();
    const store = new AtomicJsonStore(join(data, 'state.json'), parseCheckedDocument);
    await store.save(checkedDocument(1));
    await symlink(outside, store.previousPath);
    await expect(store.load()).rejects.toMatchObject({ code: 'NB_ERR_IO', message: expect.stringContaining(store.previousPath) as unknown });
    await expect(store.save(checkedDocument(2))).rejects.toMatchObject({ code: 'NB_ERR_IO' });
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
  });

  it('bad input: a dangling link as the state file is refused too (a save would create its target)', async () => {
    const { data } = await setting();
    const store = new AtomicJsonStore(join(data, 'state.json'), parseCheckedDocument);
    const nowhere = join(data, '..', 'created-by-a-save');
    await symlink(nowhere, store.path);
    await expect(store.load()).rejects.toMatchObject({ code: 'NB_ERR_IO' });
    await expect(store.save(checkedDocument(1))).rejects.toMatchObject({ code: 'NB_ERR_IO' });
    expect(existsSync(nowhere)).toBe(false);
  });

  it('openExhibit refuses a linked state file (NB_ERR_IO, exit 74), lets go of the folder, and the target is unchanged', async () => {
    const { data, outside } = await setting();
    await writeFile(join(data, 'xor.state.json.prev'), JSON.stringify(xorState()));
    await symlink(outside, join(data, 'xor.state.json'));
    const refused = await openExhibit({ dataDir: data, mode: 'fake' }).then(() => null, (err: unknown) => err);
    expect(refused).toMatchObject({ code: 'NB_ERR_IO', exitCode: 74 });
    expect(existsSync(join(data, LOCK_FILE))).toBe(false);
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
  });

  it('a data folder that is itself a link (a deployment on a USB stick) loads and saves as usual', async () => {
    const { data } = await setting();
    const linked = join(data, '..', 'linked-data');
    await symlink(data, linked);
    const lock = await lockDataFolder(linked);
    const store = new AtomicJsonStore(join(linked, 'state.json'), parseCheckedDocument);
    await store.save(checkedDocument(1));
    await store.save(checkedDocument(2));
    expect((await store.load())?.value.seq).toBe(2);
    expect(lstatSync(join(data, 'state.json')).isFile()).toBe(true);
    expect(lstatSync(join(data, 'state.json.prev')).isFile()).toBe(true);
    await lock.release();
  });
});

describe('the lock file is never written through a symbolic link', () => {
  it('bad input: neuroboard.lock is a link to a file outside the folder: the take is refused (NB_ERR_IO) naming the link, and the target is unchanged', async () => {
    const { data, outside } = await setting();
    await symlink(outside, join(data, LOCK_FILE));
    const refused = await lockDataFolder(data).then(() => null, (err: unknown) => err);
    expect(refused).toMatchObject({ code: 'NB_ERR_IO' });
    expect((refused as Error).message).toContain(join(data, LOCK_FILE));
    expect((refused as Error).message).toContain(outside);
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
    expect(await readlink(join(data, LOCK_FILE))).toBe(outside);
  });

  it('bad input: links planted at the names of the staged lock files: the take works and every target is unchanged', async () => {
    const { data, outside } = await setting();
    // The staging name used to be <lock>.<pid>.<count>.tmp: predictable, and opened without O_EXCL.
    for (let n = 1; n <= 200; n++) await symlink(outside, join(data, `${LOCK_FILE}.${process.pid}.${n}.tmp`));
    const lock = await lockDataFolder(data);
    expect(lstatSync(join(data, LOCK_FILE)).isFile()).toBe(true);
    await lock.release();
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
  });
});

describe('files created on the way are created exclusively', () => {
  it('bad input: a link planted at a temp file\'s name: the create fails (EEXIST), the link stays and its target is unchanged', async () => {
    const { data, outside } = await setting();
    const planted = join(data, 'state.json.3181977913');
    await symlink(outside, planted);
    await expect(createExclusive(planted, '{"evil": false}')).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(outside, 'utf8')).toBe(PRECIOUS);
    expect(await readlink(planted)).toBe(outside);
  });

  it('a replaced file keeps its mode, and no temp file is left beside it', async () => {
    const { data } = await setting();
    const path = join(data, 'state.json');
    await writeFile(path, 'old');
    await chmod(path, 0o600);
    await replaceFile(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(data)).toEqual(['state.json']);
  });
});
