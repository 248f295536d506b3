/**
 * Issue 18 item 6: the corpus had no limit (2,860 examples went in through the API in a minute). A
 * rig's corpusLimit (default 2000) now bounds it: when it is full, the oldest example a visitor
 * added makes room (logged, and a 'dropped' corpus event); the rig's and staff's are never dropped,
 * so a corpus full of those refuses a new example (NB_ERR_CORPUS_FULL, 409). A state holding more
 * than the limit still loads, with a warning, and takes nothing new until it is under the limit.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Corpus, type Example } from '../../src/core/corpus.js';
import { createNetwork } from '../../src/core/network.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import type { ExhibitEvents } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { stateDocument } from '../../src/runtime/exhibitState.js';
import { openExhibit } from '../../src/hosts/node/openExhibit.js';
import { loadRigCorpus } from '../../src/hosts/node/exhibitFiles.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { RIG_DEFAULTS } from '../../src/runtime/rig/validate.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig, waitFor } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const open: Exhibit[] = [];
afterEach(async () => {
  for (const exhibit of open.splice(0)) await exhibit.stop();
});

/** A started XOR exhibit (the rig's 4 examples) whose corpus holds at most `corpusLimit`, with what it logs and tells. */
async function exhibitWithLimit(corpusLimit: number, options: { saved?: ConstructorParameters<typeof Exhibit>[0]['saved'] } = {}) {
  const rig = { ...(await testRig()), corpusLimit };
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source: new ScriptedSource(), corpus: classicCorpus('xor'), ...options });
  const changes: ExhibitEvents['corpus'][0][] = [];
  const logs: string[] = [];
  exhibit.on('corpus', (change) => changes.push(change));
  exhibit.on('log', (_level, message) => logs.push(message));
  open.push(exhibit);
  exhibit.start();
  return { exhibit, changes, logs };
}

const inputsOf = (exhibit: Exhibit) => exhibit.corpus.examples.map((e) => e.inputs.join(','));
const visitor = (a: number, b: number, t = 1): Example => ({ inputs: [a, b], targets: [t] });

async function refusal(fn: () => Promise<unknown>): Promise<{ code?: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (err) {
    return err as { code?: string; message: string; status?: number };
  }
  return { message: 'taken' };
}

describe('a full corpus: the oldest example a visitor added makes room', () => {
  it('bad input: a visitor teaches into a full corpus: the oldest visitor example goes (logged, a dropped event, then added), the rig\'s stay', async () => {
    const { exhibit, changes, logs } = await exhibitWithLimit(6);
    await exhibit.teach(visitor(0.1, 0.1));
    await exhibit.teach(visitor(0.2, 0.2));
    expect(exhibit.corpus.size).toBe(6);
    changes.length = 0;
    const result = await exhibit.teach(visitor(0.3, 0.3));
    expect(result).toMatchObject({ outcome: 'added', index: 5, dropped: { inputs: [0.1, 0.1], targets: [1] } });
    expect(exhibit.corpus.size).toBe(6);
    expect(inputsOf(exhibit)).toEqual(['0,0', '0,1', '1,0', '1,1', '0.2,0.2', '0.3,0.3']);
    expect(changes).toEqual([
      { outcome: 'dropped', index: 4, size: 5 },
      { outcome: 'added', index: 5, size: 6 },
    ]);
    expect(logs).toContainEqual(expect.stringMatching(/corpus: full \(6 examples, rig "xor"'s corpusLimit\): the oldest example a visitor added, 4 \(0\.1,0\.1 → 1\), made room/));
    await exhibit.stopTraining();
  });

  it('a duplicate or a new answer for inputs already there needs no room: nothing is dropped', async () => {
    const { exhibit } = await exhibitWithLimit(5);
    await exhibit.teach(visitor(0.1, 0.1));
    expect(await exhibit.teach(visitor(0.1, 0.1))).toMatchObject({ outcome: 'duplicate' });
    expect(await exhibit.teach(visitor(0.1, 0.1, 0))).toMatchObject({ outcome: 'replaced' });
    expect(await exhibit.teach({ inputs: [1, 1], targets: [1] }, 'staff')).toMatchObject({ outcome: 'replaced' });
    expect(exhibit.corpus.size).toBe(5);
    expect(inputsOf(exhibit)).toContain('0.1,0.1');
    await exhibit.stopTraining();
  });

  it('a lesson taught again is the newest; one that replaced a rig example\'s answer is passed over (dropping it would make no room)', async () => {
    const { exhibit } = await exhibitWithLimit(6);
    await exhibit.teach(visitor(1, 1, 1)); // replaces the rig's 1,1 → 0: a visitor's, but it added nothing
    await exhibit.teach(visitor(0.1, 0.1));
    await exhibit.teach(visitor(0.2, 0.2));
    await exhibit.teach(visitor(0.1, 0.1, 0)); // taught again: now the newest
    expect((await exhibit.teach(visitor(0.3, 0.3))).dropped?.inputs).toEqual([0.2, 0.2]);
    expect((await exhibit.teach(visitor(0.4, 0.4))).dropped?.inputs).toEqual([0.1, 0.1]);
    expect(exhibit.corpus.examples[3]).toEqual({ inputs: [1, 1], targets: [1] });
    await exhibit.stopTraining();
  });

  it('bad input: a corpus full of the rig\'s and staff\'s examples refuses a new one (NB_ERR_CORPUS_FULL, 409) naming the limit and what to do; nothing changes', async () => {
    const { exhibit, changes } = await exhibitWithLimit(5);
    await exhibit.teach(visitor(0.1, 0.1), 'staff');
    changes.length = 0;
    for (const source of ['visitor', 'staff'] as const) {
      const refused = await refusal(() => exhibit.teach(visitor(0.2, 0.2), source));
      expect(refused).toMatchObject({ code: 'NB_ERR_CORPUS_FULL', status: 409 });
      expect(refused.message).toMatch(/the corpus is full: it holds 5 examples, rig "xor"'s corpusLimit/);
      expect(refused.message).toMatch(/remove examples or raise "corpusLimit" in rig "xor"$/); // the API adds the route (test/server/errorAdvice.test.ts)
    }
    expect(exhibit.corpus.size).toBe(5);
    expect(changes).toEqual([]);
    await exhibit.stopTraining();
  });

  it('bad input: the answer board\'s button into a corpus full of the rig\'s examples: the teach is refused with a warning in the log, and nothing throws', async () => {
    const source = new ScriptedSource();
    const rig = { ...(await testRig()), corpusLimit: 4 };
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
    open.push(exhibit);
    const warnings: string[] = [];
    exhibit.on('log', (level, message) => level === 'warn' && warnings.push(message));
    exhibit.start();
    await waitFor(() => source.boards.size === 4, 'the four scripted boards to open');
    exhibit.setInputs([0.5, 0.5]); // inputs the corpus does not have
    // On real boards this runs in the serial port's data callback: a throw there ends the process.
    expect(() => source.press('a0000004', 0, true)).not.toThrow();
    expect(exhibit.corpus.size).toBe(4);
    expect(warnings).toContainEqual(expect.stringMatching(/board a0000004's answer button: not taught: the corpus is full: it holds 4 examples/));
  });

  it('after a restart the oldest is the first visitor example in the saved corpus', async () => {
    const store = exhibitStore(await mkdtemp(join(tmpdir(), 'nb-limit-')), 'xor');
    const rig = { ...(await testRig()), corpusLimit: 6 };
    const before = new Exhibit({ scheduler: nodeScheduler, rig, source: new ScriptedSource(), corpus: classicCorpus('xor'), store });
    await before.teach(visitor(0.1, 0.1));
    await before.teach(visitor(0.2, 0.2));
    await before.stop(); // saves

    const { exhibit } = await exhibitWithLimit(6, { saved: (await store.load())!.value });
    expect((await exhibit.teach(visitor(0.3, 0.3))).dropped?.inputs).toEqual([0.1, 0.1]);
    await exhibit.stopTraining();
  });
});

describe('a state holding more examples than the limit', () => {
  it('bad input: loads whole with a warning; new examples are refused until it is under the limit, then the oldest visitor example makes room', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-over-'));
    const rigFile = join(dir, 'xor.json');
    const xor = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(rigFile, JSON.stringify({ ...xor, corpusLimit: 6, story: undefined }));
    // Saved by a neuroboard without a limit: the rig's 4 examples and 4 a visitor taught.
    const corpus = new Corpus(2, 1, [...classicCorpus('xor').examples, ...[1, 2, 3, 4].map((k) => visitor(k / 10, k / 10))]);
    const network = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    const sources = corpus.examples.map((_e, i) => (i < 4 ? 'rig' : 'visitor'));
    await writeFile(join(dir, 'xor.state.json'), JSON.stringify(stateDocument('xor', network, corpus, { sources, replaced: [], networkBefore: null })));

    const { exhibit, warnings } = await openExhibit({ rigPath: rigFile, dataDir: dir, mode: 'fake' });
    open.push(exhibit);
    expect(warnings).toContainEqual(expect.stringMatching(/the saved corpus has 8 examples, more than rig "xor"'s corpusLimit of 6: all are kept, but new examples are refused/));
    expect(exhibit.corpus.size).toBe(8);

    const refused = await refusal(() => exhibit.teach(visitor(0.9, 0.9)));
    expect(refused).toMatchObject({ code: 'NB_ERR_CORPUS_FULL' });
    expect(refused.message).toMatch(/holds 8 examples, more than rig "xor"'s corpusLimit of 6: none is dropped, but new ones are refused until it is under the limit/);
    expect((await exhibit.teach(visitor(0.1, 0.1, 0))).outcome).toBe('replaced'); // no room needed

    await exhibit.removeExample(7);
    await exhibit.removeExample(6);
    expect((await exhibit.teach(visitor(0.9, 0.9))).dropped?.inputs).toEqual([0.2, 0.2]);
    expect(exhibit.corpus.size).toBe(6);
    await exhibit.stopTraining();
  });
});

describe('the rig\'s corpusLimit', () => {
  it('defaults to 2000', async () => {
    const { rig } = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    expect(rig.corpusLimit).toBe(2000);
    expect(RIG_DEFAULTS.corpusLimit).toBe(2000);
  });

  it('bad input: a corpusLimit of 0, 100,001 or 2.5 is refused by the rig schema, naming the field and the range', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-limit-rig-'));
    const xor = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as Record<string, unknown>;
    for (const corpusLimit of [0, 100_001, 2.5]) {
      const file = join(dir, `xor-${corpusLimit}.json`);
      await writeFile(file, JSON.stringify({ ...xor, corpusLimit, story: undefined }));
      await expect(loadRig(file), String(corpusLimit)).rejects.toMatchObject({ code: 'NB_ERR_INVALID_RIG', message: expect.stringMatching(/corpusLimit: must be a whole number from 1 to 100000/) as unknown });
    }
  });

  it('bad input: a rig whose own corpus is larger than its corpusLimit is refused (NB_ERR_INVALID_RIG at /corpusLimit)', async () => {
    const { rig } = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    await expect(loadRigCorpus({ ...rig, corpusLimit: 3 }, 'my-rig.json')).rejects.toMatchObject({
      code: 'NB_ERR_INVALID_RIG',
      field: '/corpusLimit',
      message: expect.stringMatching(/my-rig\.json: \/corpusLimit: the rig's own corpus has 4 examples, more than its corpusLimit of 3; set "corpusLimit" above 4/) as unknown,
    });
  });
});

describe('a big corpus', () => {
  it('bad input: 150,000 examples put back at once (a reset, a rollback) are all kept (a spread of them overflowed the stack)', () => {
    const examples = Array.from({ length: 150_000 }, (_, i) => visitor(Math.floor(i / 1000), i % 1000));
    const corpus = new Corpus(2, 1);
    corpus.replaceAll(examples);
    expect(corpus.size).toBe(150_000);
    expect(corpus.indexOf([149, 999])).toBe(149_999);
    expect(corpus.add(visitor(149, 999, 0))).toMatchObject({ outcome: 'replaced', index: 149_999 });
    corpus.remove(0);
    expect(corpus.indexOf([149, 999])).toBe(149_998);
    expect(corpus.indexOf([0, 0])).toBe(-1);
  });
});
