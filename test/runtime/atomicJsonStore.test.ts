import { fork } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { AtomicJsonStore } from '../../src/hosts/node/atomicJsonStore.js';
import { classicCorpus } from '../../src/core/corpora.js';
import { createNetwork } from '../../src/core/network.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { stateDocument } from '../../src/runtime/exhibitState.js';
import { checkedDocument, parseCheckedDocument } from '../fixtures/checkedDocument.js';

const CHILD_SOURCE = fileURLToPath(new URL('../fixtures/saveForever.ts', import.meta.url));
let child = '';

// The child is bundled once to plain JS, so each of the hundred restarts costs a Node start, not a
// TypeScript compile.
beforeAll(async () => {
  // Inside node_modules so the bundle's external packages (write-file-atomic) resolve as usual.
  child = join(process.cwd(), 'node_modules', '.cache', 'neuroboard-test', `saveForever-${process.pid}.mjs`);
  await build({ entryPoints: [CHILD_SOURCE], bundle: true, platform: 'node', format: 'esm', outfile: child, packages: 'external', absWorkingDir: process.cwd() });
});

async function tempFile(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'nb-store-')), 'state.json');
}

/** Starts the saving child, lets it save for `ms`, then SIGKILLs it. */
function killDuringSaves(path: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = fork(child, [path], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    proc.once('error', reject);
    proc.once('message', () => setTimeout(() => proc.kill('SIGKILL'), ms));
    proc.once('exit', () => resolve());
  });
}

describe('AtomicJsonStore', () => {
  it('round-trips a document and keeps the previous one as .prev', async () => {
    const path = await tempFile();
    const store = new AtomicJsonStore(path, parseCheckedDocument);
    expect(await store.load()).toBeNull();
    await store.save(checkedDocument(1));
    await store.save(checkedDocument(2));
    expect((await store.load())?.value.seq).toBe(2);
    expect(parseCheckedDocument(JSON.parse(await readFile(`${path}.prev`, 'utf8'))).seq).toBe(1);
  });

  it('coalesces a burst of saves: the last one wins and every caller is answered', async () => {
    const store = new AtomicJsonStore(await tempFile(), parseCheckedDocument);
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.save(checkedDocument(i + 1))));
    expect((await store.load())?.value.seq).toBe(50);
  });

  it('falls back to the previous copy when the file is corrupt (truncated, not JSON, wrong checksum)', async () => {
    for (const corrupt of ['{"seq": 3, "weights": [0.1, 0.2', 'garbage\u0000\u0001', '{"seq":3,"weights":[],"sum":0}']) {
      const path = await tempFile();
      const store = new AtomicJsonStore(path, parseCheckedDocument);
      await store.save(checkedDocument(1));
      await store.save(checkedDocument(2));
      await writeFile(path, corrupt);
      const loaded = await store.load();
      expect(loaded?.from).toBe('previous');
      expect(loaded?.value.seq).toBe(1);
      expect(loaded?.warning).toMatch(/unreadable .*using the previous copy/);
      // A save after that must not rotate the corrupt file over the good previous copy.
      await store.save(checkedDocument(3));
      expect(parseCheckedDocument(JSON.parse(await readFile(`${path}.prev`, 'utf8'))).seq).toBe(1);
    }
  });

  it('bad input: a corrupt file is kept as <name>.corrupt-<time> before the first save replaces it, and the load warning says where', async () => {
    const path = await tempFile();
    const dir = join(path, '..');
    const store = new AtomicJsonStore(path, parseCheckedDocument);
    await store.save(checkedDocument(1));
    await store.save(checkedDocument(2));
    const corrupt = '{"seq": 3, "weights": [0.1, 0.2';
    await writeFile(path, corrupt);
    const loaded = await store.load();
    expect(loaded?.value.seq).toBe(1);
    const kept = /kept as (\S+?\.corrupt-[^\s;,)]+)/.exec(loaded?.warning ?? '')?.[1];
    expect(kept, loaded?.warning).toBeDefined();
    expect(kept!.startsWith(`${path}.corrupt-`)).toBe(true);
    expect(kept).not.toMatch(/:/); // a name FAT and Windows accept too
    await store.save(checkedDocument(3));
    expect(await readFile(kept!, 'utf8')).toBe(corrupt);
    expect((await store.load())?.value.seq).toBe(3);
    expect(parseCheckedDocument(JSON.parse(await readFile(`${path}.prev`, 'utf8'))).seq).toBe(1);
    // A later load does not take the kept file for a leftover.
    expect((await readdir(dir)).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
  });

  it('says clearly when both copies are unusable', async () => {
    const path = await tempFile();
    await writeFile(path, 'not json');
    await writeFile(`${path}.prev`, 'not json either');
    await expect(new AtomicJsonStore(path, parseCheckedDocument).load()).rejects.toThrow(
      /both unusable .* Move them aside to start fresh/,
    );
  });

  it('reports a save into a directory that does not exist as an NB_ERR_IO naming the file', async () => {
    const store = new AtomicJsonStore('/nonexistent-dir/nb/state.json', parseCheckedDocument);
    await expect(store.save(checkedDocument(1))).rejects.toMatchObject({ code: 'NB_ERR_IO' });
  });

  it('fault: SIGKILL at a random moment during exhibit saves, 100 times: the next start loads a valid network every time', async () => {
    // Four data folders killed side by side, 25 rounds each: 100 kills in a quarter of the wall time.
    const dirs = await Promise.all([0, 1, 2, 3].map(() => mkdtemp(join(tmpdir(), 'nb-kill-'))));
    let later = 0;
    for (let round = 0; round < 25; round++) {
      await Promise.all(dirs.map((d, i) => killDuringSaves(d, (round * 37 + i * 13) % 40)));
      for (const [i, dir] of dirs.entries()) {
        const loaded = await exhibitStore(dir, 'xor').load();
        expect(loaded, `round ${round} folder ${i}: nothing to load`).not.toBeNull();
        expect(loaded!.from, `round ${round} folder ${i}: ${loaded!.warning ?? ''}`).toBe('current');
        expect(loaded!.value.network.sizes).toEqual([2, 400, 1]);
        expect(loaded!.value.corpus.size).toBe(4);
        // What loads is the killed child's own work (its first save at least), not a leftover.
        expect(loaded!.value.network.params[0]).toBeGreaterThanOrEqual(1);
        if (loaded!.value.network.params[0]! > 1) later += 1;
      }
    }
    // Most kills land after several saves: the loop really was writing when it died.
    expect(later).toBeGreaterThan(10);
  }, 180_000);
});

describe('AtomicJsonStore leftovers', () => {
  it('load() removes temp files of saves a kill cut short, and nothing else (bad input: stray temp files)', async () => {
    const path = await tempFile();
    const dir = join(path, '..');
    const store = new AtomicJsonStore(path, parseCheckedDocument);
    await store.save(checkedDocument(1));
    await store.save(checkedDocument(2));
    await writeFile(`${path}.3181977913`, 'half a save');
    await writeFile(`${path}.prev.4242.tmp`, 'half a copy');
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    await writeFile(join(dir, 'other.json.123'), 'not ours');
    expect((await store.load())?.value.seq).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['notes.txt', 'other.json.123', 'state.json', 'state.json.prev']);
  });
});
