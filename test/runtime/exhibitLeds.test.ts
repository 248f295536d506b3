/**
 * The LEDs agree with the network: after a start and after any training, the levels the host sends
 * to every bound board channel are the ones the current trace plans (no stale cascade left over).
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { planCascade } from '../../src/runtime/cascade.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import { waitFor } from '../transports/waitFor.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource } from '../../src/hosts/node/boardSources.js';

let xor: ResolvedRig;
let running: Exhibit | null = null;

beforeAll(async () => {
  // The shipped rig as `npm start` runs it: a 300 ms cascade and a fit at start.
  xor = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
});

afterEach(async () => {
  await running?.stop();
  running = null;
});

/** [board:channel, level sent, level the trace plans] for every bound channel that disagrees. */
function disagreements(exhibit: Exhibit): string[] {
  const state = exhibit.state();
  const kinds = ['', ...state.network.layers.map((l) => l.activation)];
  const steps = planCascade(state.trace!, exhibit.rig.cascade.gamma, kinds);
  return state.boards.flatMap((b) =>
    b.channels
      .filter((c) => c.ledLevel !== steps[c.layer]!.levels[c.node])
      .map((c) => `${b.id}:${c.channel} sends ${c.ledLevel}, trace says ${steps[c.layer]!.levels[c.node]}`),
  );
}

async function settled(exhibit: Exhibit): Promise<void> {
  await waitFor(() => !exhibit.trainingStatus.running && exhibit.cascadePending === 0 && exhibit.state().boards.every((b) => b.online), {
    timeoutMs: 10_000,
    what: 'training over, cascade shown, boards online',
  });
}

describe('the LEDs show the current trace (fake boards)', () => {
  it('after a start that trains to fit, every board shows the trained network, not the first guess', async () => {
    const source = nodeFakeSource(xor);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: xor, source, corpus: classicCorpus('xor') });
    running = exhibit;
    exhibit.start();
    expect(exhibit.trainingStatus.running).toBe(true); // the first guess does not fit XOR
    await settled(exhibit);
    expect(exhibit.trainingStatus.reason).toBe('target-reached');
    expect(disagreements(exhibit)).toEqual([]);
    // And the boards themselves measure what was sent.
    await waitFor(() => exhibit.state().boards.every((b) => b.channels.every((c) => Math.abs((c.measuredLevel ?? -99) - c.ledLevel) <= 6)), {
      what: 'measured levels match the sent ones',
    });
  });

  it('after a training run started from the API ends, the LEDs show the network it ended with', async () => {
    const source = nodeFakeSource(xor);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: xor, source, corpus: classicCorpus('xor') });
    running = exhibit;
    exhibit.start();
    await settled(exhibit);
    exhibit.setInputs([1, 0]); // an animated cascade starts…
    exhibit.train({ method: 'trial-and-error', fromRandomGuess: true, seed: 7, pace: 0 }); // …and a fast run supersedes it
    await settled(exhibit);
    expect(disagreements(exhibit)).toEqual([]);
  });
});
