/**
 * Below N of N the exhibit says which examples differ: a network whose spiking neurons answer one
 * example differently (a hidden node between the sigmoid and the hard sigmoid, a large weight after
 * it; as in test/core/spikingAgreement.test.ts) is still switched on when staff ask, and the
 * switch's reply, the state, the `neurons` event and a warning in the log all name the example with
 * both answers. Never shown as agreeing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Corpus } from '../../src/core/corpus.js';
import { allocateNetwork } from '../../src/core/index.js';
import { loadProfileLimits } from '../../src/hosts/node/exhibitFiles.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { Exhibit, type NeuronsSummary } from '../../src/runtime/exhibit.js';
import { validateRig } from '../../src/runtime/rig/load.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { waitFor } from '../server/exhibitForTests.js';

let running: Exhibit | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

describe('an exhibit whose spiking neurons disagree on an example', () => {
  it('switches on saying "agrees on 1 of 2" and which example differs, in the reply, the state, the event and the log', async () => {
    const profiles = await loadProfileLimits();
    const board = (id: string, layer: number) => ({ id, profile: 'uno', channels: [{ channel: 0, layer, node: 0 }] });
    const { rig } = validateRig(
      {
        format: 'neuroboard.rig', version: 1, name: 'tight', title: 'tight',
        network: { layers: [1, 1, 1] },
        corpus: [{ inputs: [0], targets: [0], label: 'off' }, { inputs: [1], targets: [0], label: 'on' }],
        training: { trainOnStart: false },
        boards: [board('b0000001', 0), board('b0000002', 1), board('b0000003', 2)],
      },
      'tight.json',
      profiles,
    );
    const net = allocateNetwork([1, 1, 1], ['sigmoid', 'sigmoid'], [0.5, 0.5]);
    net.layers[0]!.weights[0] = 4;
    net.layers[0]!.biases[0] = -1;
    net.layers[1]!.weights[0] = 10;
    net.layers[1]!.biases[0] = -9.7;
    const corpus = new Corpus(1, 1, [
      { inputs: [0], targets: [0], label: 'off' },
      { inputs: [1], targets: [0], label: 'on' },
    ]);
    const source = new ScriptedSource('sim');
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus, saved: { rig: 'tight', network: net, corpus } });
    running = exhibit;
    const logs: string[] = [];
    const events: NeuronsSummary[] = [];
    exhibit.on('log', (level, message) => logs.push(`${level} ${message}`));
    exhibit.on('neurons', (n) => events.push(n));
    exhibit.start();
    await waitFor(() => source.boards.size === 3, 'the boards to open');

    const reply = await exhibit.setNeuronModel('spiking');
    const differing = [{ index: 1, label: 'on', inputs: [1], networkAnswer: [], spikingAnswer: [0], steady: true }];
    expect(reply).toMatchObject({ model: 'spiking', agreement: { right: 1, of: 2, differing, windowMs: 2000, remedy: 'longer-window' } });
    expect(exhibit.state().neurons?.agreement).toMatchObject({ right: 1, of: 2, differing });
    expect(events.at(-1)).toMatchObject({ model: 'spiking', agreement: { right: 1, of: 2 } });
    expect(logs).toContainEqual(expect.stringMatching(/^warn spiking neurons \(staff switched\): agree with the network on 1 of 2 examples \(with a 2000 ms window\); they differ on example 2 \(on\)$/));
  });
});
