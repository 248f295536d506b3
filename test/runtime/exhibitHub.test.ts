/**
 * The exhibit as the one command surface: whoever calls it (a route, the CLI, a scenario) gets the
 * whole change. Teaching relearns with the rig's own method; each changing method resolves only once
 * its change is in the state file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig } from '../server/exhibitForTests.js';
import { waitFor } from '../transports/waitFor.js';

const open: Exhibit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const exhibit of open.splice(0)) await exhibit.stop();
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function savedDocument(dir: string): Promise<{ corpus: { examples: { inputs: number[]; targets: number[] }[] } }> {
  return JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8')) as { corpus: { examples: { inputs: number[]; targets: number[] }[] } };
}

describe('the exhibit does the whole change, whoever calls it', () => {
  it.each(['backprop', 'trial-and-error'] as const)('a teach the network gets wrong is learnt with the rig\'s method (%s), not always trial and error', async (method) => {
    const rig = await testRig();
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...rig, training: { ...rig.training, method } }, source: new ScriptedSource(), corpus: classicCorpus('xor') });
    open.push(exhibit);
    const answer = (await exhibit.setInputs([0.5, 0.5])).outputs[0]! >= 0.5 ? 1 : 0;
    const taught = await exhibit.teach({ inputs: [0.5, 0.5], targets: [1 - answer] }); // the opposite of what it says now
    expect(taught.training).toBe(true);
    expect(exhibit.trainingStatus).toMatchObject({ running: true, method });
  });

  it('a caller with no route in front (the CLI, a scenario): teach, remove, reset, step and stop resolve only once the change is in the state file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-hub-'));
    dirs.push(dir);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource(), corpus: classicCorpus('xor'), store: exhibitStore(dir, 'xor') });
    open.push(exhibit);
    exhibit.start();

    await exhibit.teach({ inputs: [0.5, 0.5], targets: [1] }, 'staff');
    expect((await savedDocument(dir)).corpus.examples.map((e) => e.inputs)).toContainEqual([0.5, 0.5]);
    await exhibit.stopTraining();

    const index = exhibit.corpus.examples.findIndex((e) => e.inputs[0] === 0.5);
    await exhibit.removeExample(index);
    expect((await savedDocument(dir)).corpus.examples.map((e) => e.inputs)).not.toContainEqual([0.5, 0.5]);

    await exhibit.teach({ inputs: [0.25, 0.25], targets: [0] });
    await exhibit.resetCorpus();
    expect((await savedDocument(dir)).corpus.examples).toHaveLength(4);
    await waitFor(() => !exhibit.trainingStatus.running || exhibit.trainingStatus.step > 0, { what: 'training to be under way or over' });
    await exhibit.stopTraining();

    const before = (await readFile(join(dir, 'xor.state.json'), 'utf8'));
    const event = await exhibit.step().catch(() => null); // a stalled step (409) changes nothing
    if (event) expect(await readFile(join(dir, 'xor.state.json'), 'utf8')).not.toBe(before);
  });
});
