import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadRigCorpus } from '../../src/hosts/node/exhibitFiles.js';
import { loadProfileLimits, loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { validateRig } from '../../src/runtime/rig/load.js';
import { publishedSchemas } from '../../src/cli/publishedSchemas.js';
import type { ProfileLimits } from '../../src/runtime/rig/validate.js';

let profiles: Record<string, ProfileLimits>;
let xor: Record<string, unknown>;

beforeAll(async () => {
  profiles = await loadProfileLimits();
  xor = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as Record<string, unknown>;
});

function mutated(edit: (rig: any) => void): unknown {
  const copy = structuredClone(xor);
  edit(copy);
  return copy;
}

function rigErrorOf(data: unknown): { message: string; field: string | undefined } {
  try {
    validateRig(data, 'test-rig.json', profiles);
  } catch (err) {
    if (isNbError(err, 'NB_ERR_INVALID_RIG')) return { message: err.message, field: err.field };
    throw err;
  }
  throw new Error('expected the rig to be rejected');
}

describe('rig files', () => {
  it('loads every example rig under boards/rigs with defaults filled in', async () => {
    for (const name of ['xor', 'digits7']) {
      const { rig, warnings } = await loadRig(join(BOARDS_DIR, 'rigs', `${name}.json`));
      expect(rig.name).toBe(name);
      expect(rig.cascade.stepDelayMs).toBeGreaterThanOrEqual(0);
      expect(warnings).toEqual([]);
    }
  });

  it('publishes boards/rig.schema.json exactly as the code checks it (run `npm run schemas` if this fails)', async () => {
    const published = JSON.parse(await readFile(join(BOARDS_DIR, 'rig.schema.json'), 'utf8')) as unknown;
    expect(published).toEqual(publishedSchemas()['rig.schema.json']);
  });

  it('knows the profiles uno, nano and mega with their channel counts', () => {
    expect(profiles).toMatchObject({ uno: { maxChannels: 4 }, nano: { maxChannels: 4 }, mega: { maxChannels: 8 } });
  });
});

describe('a wrong rig is rejected with the file, the field and what to do', () => {
  it('rejects a missing field (network)', () => {
    const err = rigErrorOf(mutated((r) => delete r.network));
    expect(err.message).toMatch(/test-rig\.json/);
    expect(err.message).toMatch(/network/);
    expect(err.message).toMatch(/neuroboard check/);
  });

  it('rejects a wrong type (layers as a string) and an unknown field', () => {
    expect(rigErrorOf(mutated((r) => (r.network.layers = '2,3,1'))).message).toMatch(/network\.layers: must be a list, not "2,3,1"/);
    expect(rigErrorOf(mutated((r) => (r.colour = 'blue'))).message).toMatch(/unknown field colour/);
  });

  it('says what is allowed (issue 11 item 9): profile "unoo" once, with the profiles and the nearest; unknown key "stepDelay" with the nearest known one', () => {
    const profile = rigErrorOf(mutated((r) => (r.boards[0].profile = 'unoo')));
    expect(profile.message).toMatch(/boards\[0\]\.profile: must be one of "uno", "nano", "mega", not "unoo"; did you mean "uno"\?/);
    expect(profile.message).not.toMatch(/equal to constant|anyOf/);
    expect(profile.message.match(/profile/g)).toHaveLength(1);
    const key = rigErrorOf(
      mutated((r) => {
        r.cascade.stepDelay = r.cascade.stepDelayMs;
        delete r.cascade.stepDelayMs;
      }),
    );
    expect(key.message).toMatch(/^ {2}unknown field cascade\.stepDelay; did you mean stepDelayMs\?$/m);
    expect(key.message).not.toMatch(/schema is false/);
    expect(rigErrorOf(mutated((r) => (r.cascade.gamma = 9))).message).toMatch(/cascade\.gamma: must be a number from 1 to 4, not 9/);
  });

  it('rejects a channel the board does not have', () => {
    const err = rigErrorOf(mutated((r) => (r.boards[0].channels[0].channel = 6)));
    expect(err.field).toBe('/boards/0/channels/0/channel');
    expect(err.message).toMatch(/channel 6 does not exist on a uno, which has channels 0-3/);
  });

  it('rejects a duplicate board id, a node bound twice, and a layer or node out of range', () => {
    expect(rigErrorOf(mutated((r) => (r.boards[1].id = 'a0000001'))).message).toMatch(/already used by \/boards\/0/);
    expect(rigErrorOf(mutated((r) => (r.boards[1].channels[0].node = 0))).message).toMatch(/already shown by board a0000001/);
    expect(rigErrorOf(mutated((r) => (r.boards[3].channels[0].layer = 5))).message).toMatch(/layer 5 does not exist/);
    expect(rigErrorOf(mutated((r) => (r.boards[2].channels[2].node = 3))).message).toMatch(/layer 1 has nodes 0-2, not 3/);
  });

  it('rejects an inline corpus whose examples do not fit the network', () => {
    const err = rigErrorOf(mutated((r) => (r.corpus = [{ inputs: [0, 1, 1], targets: [1] }])));
    expect(err.message).toMatch(/\/corpus\/0\/inputs: has 3 values; the network has 2 inputs/);
  });

  it('rejects an inline corpus target the output activation cannot reach, naming the field and the range', () => {
    const sigmoid = rigErrorOf(mutated((r) => (r.corpus = [{ inputs: [0, 1], targets: [5] }])));
    expect(sigmoid.message).toMatch(/\/corpus\/0\/targets\/0: is 5, but the output layer \(sigmoid\) can only give 0 to 1/);
    const tanh = rigErrorOf(mutated((r) => ((r.network.activation = 'tanh'), (r.corpus = [{ inputs: [0, 1], targets: [-0.5] }, { inputs: [1, 1], targets: [-2] }]))));
    expect(tanh.message).toMatch(/\/corpus\/1\/targets\/0: is -2, but the output layer \(tanh\) can only give -1 to 1/);
    expect(tanh.message).not.toMatch(/\/corpus\/0/);
    const step = rigErrorOf(mutated((r) => ((r.network.activation = 'step'), (r.corpus = [{ inputs: [0, 1], targets: [0.5] }]))));
    expect(step.message).toMatch(/\/corpus\/0\/targets\/0: is 0.5, but the output layer \(step\) can only give 0 or 1/);
  });

  it('rejects a corpus file whose target the output cannot reach, naming the file, the example and the range', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-rig-'));
    await writeFile(join(dir, 'five.csv'), 'in0,in1,out0\n0,0,0\n0,1,5\n');
    const rigPath = join(dir, 'five.rig.json');
    await writeFile(rigPath, JSON.stringify(mutated((r) => (r.corpus = 'five.csv'))));
    const { rig, path } = await loadRig(rigPath, profiles);
    const err = await loadRigCorpus(rig, path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isNbError(err, 'NB_ERR_INVALID_CORPUS')).toBe(true);
    expect((err as Error).message).toMatch(/five\.csv \(the corpus of .*five\.rig\.json\): examples\[1\]\.targets\[0\] is 5, but the output layer \(sigmoid\) can only give 0 to 1/);
  });

  it('rejects the perceptron on a network with a hidden layer', () => {
    expect(rigErrorOf(mutated((r) => (r.training.method = 'perceptron'))).message).toMatch(/no hidden layer/);
  });

  it("takes the visitor page's default language as a two-letter code and rejects a language name", () => {
    expect(validateRig(mutated((r) => (r.language = 'de')), 'test-rig.json', profiles).rig.language).toBe('de');
    expect(rigErrorOf(mutated((r) => (r.language = 'German'))).field).toBe('language');
  });

  it('rejects a board id that is not 8 lower-case hex digits', () => {
    expect(rigErrorOf(mutated((r) => (r.boards[0].id = 'A0000001'))).message).toMatch(/boards\[0\]\.id: must be a string matching/);
  });

  it('says where a file with broken JSON is broken (line and column) and a missing file by name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-rig-'));
    const path = join(dir, 'broken.json');
    await writeFile(path, '{\n  "format": "neuroboard.rig",\n  "version": 1,,\n}\n');
    await expect(loadRig(path, profiles)).rejects.toThrow(/broken\.json: not valid JSON at line 3/);
    await expect(loadRig(join(dir, 'absent.json'), profiles)).rejects.toThrow(/absent\.json: cannot read it \(no such file\)/);
  });

  it('warns (not fails) when an input or output node is on no board, naming the layer, the node and what to do', () => {
    const { warnings } = validateRig(mutated((r) => r.boards.splice(3, 1)), 'test-rig.json', profiles);
    expect(warnings).toEqual([
      'layer 2 (output): node 0 is on no board: no LED shows the answer (only the dashboard and API do). ' +
        'Add a channel for it to a board\'s "channels": { "channel": …, "layer": 2, "node": 0 }.',
    ]);
  });

  it('warns (not fails) when hidden nodes are on no board: a 3-3-1 network with two hidden LEDs', () => {
    const rig = mutated((r) => {
      r.network.layers = [3, 3, 1];
      r.corpus = 'majority3';
      r.boards.splice(2, 0, { id: 'a0000005', profile: 'uno', channels: [{ channel: 0, layer: 0, node: 2 }] });
      r.boards[3].channels.splice(2, 1); // the hidden board keeps channels 0 and 1: nodes 0 and 1
    });
    const { warnings } = validateRig(rig, 'test-rig.json', profiles);
    expect(warnings).toEqual([
      'layer 1 (hidden): node 2 is on no board: the network computes it, but no LED shows it (only the dashboard and API do). ' +
        'Add a channel for it to a board\'s "channels": { "channel": …, "layer": 1, "node": 2 }; ' +
        'or, if the layer should have 2 nodes, make /network/layers [3, 2, 1].',
    ]);
  });

  it('names every unseen node of a hidden layer in one warning, and a hidden layer on no board at all', () => {
    const twoUnseen = validateRig(mutated((r) => r.boards[2].channels.splice(1, 2)), 'test-rig.json', profiles).warnings;
    expect(twoUnseen).toEqual([expect.stringMatching(/^layer 1 \(hidden\): nodes 1 and 2 are on no board: the network computes them, but no LED shows them .*Add a channel for each .*"layer": 1, "node": 1 .*make \/network\/layers \[2, 1, 1\]\.$/)]);
    const noneSeen = validateRig(mutated((r) => r.boards.splice(2, 1)), 'test-rig.json', profiles).warnings;
    expect(noneSeen).toEqual([expect.stringMatching(/^layer 1 \(hidden\): its 3 nodes are on no board: the network computes them, but no LED shows them .*Add a channel for each .*"layer": 1, "node": 0 \}\.$/)]);
  });
});
