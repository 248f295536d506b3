/** `neuroboard start --reset-corpus`: the saved network stays, the rig's own corpus comes back, saved at once. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import type { Corpus } from '../../src/core/corpus.js';
import { openExhibit } from '../../src/hosts/node/openExhibit.js';

const stateFile = async (dir: string) =>
  JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8')) as { corpus: { examples: unknown[] }; network: { layers: Array<{ weights: number[] }> } };

describe('openExhibit with resetCorpus (start --reset-corpus)', () => {
  it('keeps the trained network, drops the taught examples, and the state file says so before the exhibit even starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-reset-'));
    const first = (await openExhibit({ mode: 'fake', dataDir: dir })).exhibit;
    await first.teach({ inputs: [0.5, 0.5], targets: [1], label: 'taught' });
    await first.stopTraining();
    await first.stop(); // saves
    const before = await stateFile(dir);
    expect(before.corpus.examples).toHaveLength(5);

    const { exhibit, warnings } = await openExhibit({ mode: 'fake', dataDir: dir, resetCorpus: true });
    expect(warnings).toContainEqual(expect.stringMatching(/--reset-corpus: the corpus is rig "xor"'s 4 examples again \(the saved one had 5\); the trained network is kept/));
    expect(exhibit.corpus.examples).toEqual(classicCorpus('xor').examples);
    const after = await stateFile(dir);
    expect(after.corpus.examples).toEqual(classicCorpus('xor').examples);
    expect(after.network).toEqual(before.network);
    // The taught example was a visitor's lesson: it and the network from before it are gone too.
    expect((after as { lessons?: unknown }).lessons).toEqual({ sources: ['rig', 'rig', 'rig', 'rig'], replaced: [], networkBefore: null });
    await exhibit.stop();
  });

  it('without it, the taught examples are kept across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-reset-'));
    const first = (await openExhibit({ mode: 'fake', dataDir: dir })).exhibit;
    await first.teach({ inputs: [0.5, 0.5], targets: [1] });
    await first.stopTraining();
    await first.stop();
    const { exhibit, warnings } = await openExhibit({ mode: 'fake', dataDir: dir });
    expect(exhibit.corpus.size).toBe(5);
    expect(warnings.join()).not.toMatch(/reset-corpus/);
    await exhibit.stop();
  });

  it('warns at start about a saved example whose target the network cannot reach, and --reset-corpus clears it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-reset-'));
    const first = (await openExhibit({ mode: 'fake', dataDir: dir })).exhibit;
    (first.corpus as Corpus).add({ inputs: [0.5, 0.5], targets: [5] }); // as an older version let through
    await first.stop();
    const second = await openExhibit({ mode: 'fake', dataDir: dir });
    await second.exhibit.stop(); // lets go of the data folder
    const { warnings } = second;
    expect(warnings).toContainEqual(
      'saved example 4: target 0 is 5, but the output layer (sigmoid) can only give 0 to 1; use a target in that range (DELETE /api/corpus/4, or start with --reset-corpus)',
    );
    const reset = await openExhibit({ mode: 'fake', dataDir: dir, resetCorpus: true });
    expect(reset.warnings.join('\n')).not.toMatch(/saved example/);
    expect(reset.exhibit.corpus.size).toBe(4);
    await reset.exhibit.stop();
  });
});
