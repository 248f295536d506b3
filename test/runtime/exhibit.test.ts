import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let xor: ResolvedRig;

beforeAll(async () => {
  const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  xor = { ...loaded.rig, cascade: { ...loaded.rig.cascade, stepDelayMs: 0 } };
});

async function trainedExhibit(source = new ScriptedSource(), rig = xor) {
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
  exhibit.start();
  await new Promise<void>((resolve) => {
    if (!exhibit.trainingStatus.running) resolve();
    exhibit.on('training', (s) => !s.running && resolve());
  });
  await new Promise((r) => setImmediate(r)); // supervisors open their boards
  return { exhibit, source };
}

describe('Exhibit on scripted boards', () => {
  it('trains on start until XOR fits, then each button combination lights the answer board as XOR says', async () => {
    const { exhibit, source } = await trainedExhibit();
    expect(exhibit.trainingStatus.reason).toBe('target-reached');
    const answer = () => source.led('a0000004')!;
    const rows: Array<[boolean, boolean, boolean]> = [
      [false, false, false],
      [true, false, true],
      [true, true, false],
      [false, true, true],
    ];
    let a = false;
    let b = false;
    for (const [wantA, wantB, lit] of rows) {
      if (wantA !== a) source.press('a0000001', 0, true), source.press('a0000001', 0, false), (a = wantA);
      if (wantB !== b) source.press('a0000002', 0, true), source.press('a0000002', 0, false), (b = wantB);
      expect(exhibit.state().inputs).toEqual([a ? 1 : 0, b ? 1 : 0]);
      if (lit) expect(answer(), `${a},${b}`).toBeGreaterThan(128);
      else expect(answer(), `${a},${b}`).toBeLessThan(30);
      // The input boards show their own state and the hidden board shows its three nodes.
      expect(source.led('a0000001')).toBe(a ? 255 : 0);
      expect(source.boards.get('a0000003')!.leds).toHaveLength(3);
    }
    await exhibit.stop();
  });

  it('momentary buttons hold the input only while pressed', async () => {
    const { exhibit, source } = await trainedExhibit(new ScriptedSource(), { ...xor, buttons: { mode: 'momentary' } });
    source.press('a0000001', 0, true);
    expect(exhibit.state().inputs).toEqual([1, 0]);
    source.press('a0000001', 0, false);
    expect(exhibit.state().inputs).toEqual([0, 0]);
    await exhibit.stop();
  });

  it('teach gesture: the answer board button flips the taught answer for the current inputs and retrains', async () => {
    const { exhibit, source } = await trainedExhibit();
    source.press('a0000001', 0, true); // inputs 1,0 → XOR says 1
    source.press('a0000004', 0, true); // a visitor insists the answer is 0
    expect(exhibit.corpus.examples.find((e) => e.inputs.join() === '1,0')?.targets).toEqual([0]);
    expect(exhibit.trainingStatus.running).toBe(true);
    await exhibit.stopTraining();
    await exhibit.stop();
  });

  it('rejects bad API input with clear errors (bad input: wrong length, NaN, unknown board, hardware press)', async () => {
    const { exhibit } = await trainedExhibit();
    expect(() => exhibit.setInputs([1])).toThrow(/values must hold 2 numbers/);
    expect(() => exhibit.setInputs([1, Number.NaN])).toThrow(/values\[1\] must be a finite number/);
    expect(() => exhibit.press('ffffffff', 0, true)).toThrow(/no board "ffffffff"/);
    expect(() => exhibit.press('a0000003', 3, true)).toThrow(/has no channel 3/);
    await exhibit.stop();
    const { exhibit: real } = await trainedExhibit(new ScriptedSource('hardware'));
    expect(() => real.press('a0000001', 0, true)).toThrow(expect.objectContaining({ code: 'NB_ERR_CONFLICT' }));
    await real.stop();
  });

  it('saves the trained network and corpus, and a new exhibit starts from them', async () => {
    const store = exhibitStore(await mkdtemp(join(tmpdir(), 'nb-exhibit-')), 'xor');
    const first = new Exhibit({ scheduler: nodeScheduler, rig: xor, source: new ScriptedSource(), corpus: classicCorpus('xor'), store });
    first.start();
    await new Promise<void>((resolve) => first.on('training', (s) => !s.running && resolve()));
    await first.teach({ inputs: [0.5, 0.5], targets: [1], label: 'half' });
    await first.stopTraining();
    await first.stop();
    const saved = await store.load();
    expect(saved?.from).toBe('current');
    expect(Array.from(saved!.value.network.params)).toEqual(Array.from(first.network.params));
    const second = new Exhibit({ scheduler: nodeScheduler, rig: xor, source: new ScriptedSource(), corpus: classicCorpus('xor'), saved: saved!.value, store });
    expect(second.corpus.size).toBe(5);
    expect(second.corpus.examples[4]?.label).toBe('half');
  });

  it('refuses a saved network whose shape no longer matches the rig, saying what to do', () => {
    const saved = { rig: 'xor', network: new Exhibit({ scheduler: nodeScheduler, rig: { ...xor, network: { ...xor.network, layers: [2, 4, 1] }, boards: xor.boards.slice(0, 2) }, source: new ScriptedSource(), corpus: classicCorpus('xor') }).network, corpus: classicCorpus('xor') };
    expect(() => new Exhibit({ scheduler: nodeScheduler, rig: xor, source: new ScriptedSource(), corpus: classicCorpus('xor'), saved })).toThrow(
      /saved network is 2-4-1 but rig "xor" says 2-3-1; move the state file aside/,
    );
  });
});
