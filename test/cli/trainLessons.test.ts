/** `neuroboard train` trains the saved corpus offline: who taught each example (visitors' lessons) survives it. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { train } from '../../src/cli/offlineTraining.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

describe('neuroboard train and visitors\' lessons', () => {
  it('keeps each example\'s source and the network from before the lessons, so they are still forgotten later', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-train-lessons-'));
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource(), corpus: classicCorpus('xor'), store: exhibitStore(dir, 'xor') });
    exhibit.teach({ inputs: [0.5, 0.5], targets: [1] });
    await exhibit.stopTraining();
    await exhibit.saved();
    const before = JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8'));
    expect(before.lessons.sources).toEqual(['rig', 'rig', 'rig', 'rig', 'visitor']);

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await train({ rig: join(BOARDS_DIR, 'rigs/xor.json'), data: dir, method: 'backprop', epochs: 3 });
    } finally {
      log.mockRestore();
    }
    const after = JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8'));
    expect(after.network).not.toEqual(before.network); // it did train
    expect(after.lessons).toEqual(before.lessons);
  });
});
