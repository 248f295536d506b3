/**
 * The rig's `neurons` field: a rig may start in either model, with the spiking model's parameters;
 * what the model refuses is a rig error naming the field; the defaults follow the rig (the axon
 * delay is the cascade step, argmax for several outputs). And an exhibit starts in the rig's model.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { isNbError } from '../../src/core/errors.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadProfileLimits } from '../../src/hosts/node/exhibitFiles.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { validateRig } from '../../src/runtime/rig/load.js';
import type { ProfileLimits } from '../../src/runtime/rig/validate.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { waitFor } from '../server/exhibitForTests.js';

let profiles: Record<string, ProfileLimits>;
let xor: Record<string, unknown>;
let digits: Record<string, unknown>;

beforeAll(async () => {
  profiles = await loadProfileLimits();
  xor = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as Record<string, unknown>;
  digits = JSON.parse(await readFile(join(BOARDS_DIR, 'rigs/digits7.json'), 'utf8')) as Record<string, unknown>;
});

const withNeurons = (rig: Record<string, unknown>, neurons: unknown, extra: Record<string, unknown> = {}) => ({ ...structuredClone(rig), ...extra, neurons });

function rigError(data: unknown): { message: string; field: string | undefined } {
  try {
    validateRig(data, 'test-rig.json', profiles);
  } catch (err) {
    if (isNbError(err, 'NB_ERR_INVALID_RIG')) return { message: err.message, field: err.field };
    throw err;
  }
  throw new Error('expected the rig to be rejected');
}

describe('the rig field neurons', () => {
  it('defaults: the sigmoid model; threshold for one output, argmax for several; the axon delay is the cascade step', () => {
    const x = validateRig(xor, 'xor.json', profiles).rig.neurons;
    expect(x).toMatchObject({ model: 'sigmoid', rule: 'threshold', params: { axonDelayMs: 300, tauMs: 500, refractoryMs: 100, floor: -3, dtMs: 5, windowMs: 1000 } });
    const d = validateRig(digits, 'digits7.json', profiles).rig.neurons;
    expect(d).toMatchObject({ model: 'sigmoid', rule: 'argmax', params: { axonDelayMs: 250 } });
  });

  it('a rig may start spiking with its own parameters', () => {
    const { rig } = validateRig(withNeurons(xor, { model: 'spiking', tauMs: 400, axonDelayMs: 200, windowMs: 1500 }), 'x.json', profiles);
    expect(rig.neurons).toMatchObject({ model: 'spiking', rule: 'threshold', params: { tauMs: 400, axonDelayMs: 200, windowMs: 1500 } });
  });

  it('bad input names the field and says what it must be', () => {
    expect(rigError(withNeurons(xor, { model: 'izhikevich' }))).toMatchObject({ field: expect.stringMatching(/neurons.model/), message: expect.stringMatching(/sigmoid|spiking/) });
    expect(rigError(withNeurons(xor, { floor: 1 }))).toMatchObject({ field: '/neurons/floor', message: expect.stringMatching(/floor must be a potential of 0 or below/) });
    expect(rigError(withNeurons(xor, { refractoryMs: 5 }))).toMatchObject({ field: '/neurons/refractoryMs', message: expect.stringMatching(/two time steps/) });
    expect(rigError(withNeurons(xor, { rule: 'argmax' }))).toMatchObject({ field: '/neurons/rule', message: expect.stringMatching(/one output: use "threshold"/) });
    expect(rigError(withNeurons(xor, { tau: 500 }))).toMatchObject({ field: expect.stringMatching(/neurons/) });
    const tanh = withNeurons(xor, { model: 'spiking' }, { network: { ...(xor['network'] as object), activation: 'tanh' } });
    expect(rigError(tanh)).toMatchObject({ field: '/neurons/model', message: expect.stringMatching(/stand in for sigmoid neurons/) });
  });

  it('an exhibit starts in the rig\'s model: spiking, with its agreement checked', async () => {
    const { rig } = validateRig(withNeurons(xor, { model: 'spiking' }, { training: { trainOnStart: false } }), 'x.json', profiles);
    const source = new ScriptedSource('sim');
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...rig, cascade: { ...rig.cascade, stepDelayMs: 0 } }, source, corpus: classicCorpus('xor') });
    try {
      exhibit.start();
      await waitFor(() => source.boards.size === 4, 'the boards to open');
      expect(exhibit.neurons).toMatchObject({ model: 'spiking', agreement: { of: 4 } });
      expect(exhibit.state().neurons?.model).toBe('spiking');
    } finally {
      await exhibit.stop();
    }
  });
});
