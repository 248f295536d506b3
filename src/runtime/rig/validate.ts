/**
 * Checks a rig beyond what its JSON Schema can say (cross-field rules), says what it allows but is
 * probably a mistake (warnings), and fills in the defaults. Pure: the caller reads files and profiles.
 */
import { unreachableTarget } from '../../core/corpus.js';
import { NbError } from '../../core/errors.js';
import type { CorrectnessRule } from '../../core/evaluate.js';
import { spikingParams, type SpikingParams } from '../../core/spiking.js';
import type { Rig, RigBoard } from './schema.js';

export interface RigProblem {
  /** JSON pointer-ish path of the offending field, e.g. `/boards/1/channels/0/node`. */
  field: string;
  message: string;
}

export interface ProfileLimits {
  maxChannels: number;
}

export interface ResolvedRig extends Rig {
  corpusLimit: number;
  network: Required<Omit<Rig['network'], 'seed'>> & { seed: number };
  training: { method: 'trial-and-error' | 'backprop' | 'perceptron'; targetLoss: number; trainOnStart: boolean; pace: number };
  cascade: { stepDelayMs: number; fireMs: number; gamma: number };
  buttons: { mode: 'latch' | 'momentary' };
  visitors: { idleMs: number; attract: boolean; lessons: VisitorLessons; forgetAfterMs: number };
  /** Spiking neurons: the model to start in, how answers are read, and the model's parameters (axon delay: the cascade step unless set). */
  neurons: { model: NeuronModel; rule: CorrectnessRule; params: SpikingParams };
}

/** What the boards show: the network as a steady glow, or the same network as spiking neurons. */
export type NeuronModel = 'sigmoid' | 'spiking';

export type VisitorLessons = 'keep' | 'forget-after-idle' | 'forget-at-midnight';

export const RIG_DEFAULTS = {
  activation: 'sigmoid',
  threshold: 0.5,
  seed: 1,
  method: 'trial-and-error',
  targetLoss: 0.005,
  stepDelayMs: 300,
  fireMs: 150,
  gamma: 2.2,
  buttonMode: 'latch',
  idleMs: 90_000,
  lessons: 'forget-after-idle',
  forgetAfterMs: 300_000,
  /** A museum day of visitors' lessons, many times what the shipped rigs need, and about 2 MB of memory (bench: corpus). */
  corpusLimit: 2000,
} as const;

/** Every cross-field problem in `rig` (empty when it is sound). */
export function checkRig(rig: Rig, profiles: Record<string, ProfileLimits>): RigProblem[] {
  const problems: RigProblem[] = [];
  const layers = rig.network.layers;
  const seenIds = new Map<string, number>();
  const boundNodes = new Map<string, string>();

  rig.boards.forEach((board, b) => {
    const where = `/boards/${b}`;
    const first = seenIds.get(board.id);
    if (first !== undefined) {
      problems.push({ field: `${where}/id`, message: `board id ${board.id} is already used by /boards/${first}; give each board its own id` });
    } else {
      seenIds.set(board.id, b);
    }
    const profile = profiles[board.profile];
    if (!profile) {
      problems.push({ field: `${where}/profile`, message: `no board profile "${board.profile}" in boards/profiles/` });
    }
    const seenChannels = new Set<number>();
    board.channels.forEach((binding, c) => {
      const at = `${where}/channels/${c}`;
      if (profile && binding.channel >= profile.maxChannels) {
        problems.push({
          field: `${at}/channel`,
          message: `channel ${binding.channel} does not exist on a ${board.profile}, which has channels 0-${profile.maxChannels - 1}`,
        });
      }
      if (seenChannels.has(binding.channel)) {
        problems.push({ field: `${at}/channel`, message: `channel ${binding.channel} of board ${board.id} is bound twice` });
      }
      seenChannels.add(binding.channel);
      const size = layers[binding.layer];
      if (size === undefined) {
        problems.push({
          field: `${at}/layer`,
          message: `layer ${binding.layer} does not exist: the network has layers 0-${layers.length - 1}`,
        });
        return;
      }
      if (binding.node >= size) {
        problems.push({ field: `${at}/node`, message: `layer ${binding.layer} has nodes 0-${size - 1}, not ${binding.node}` });
        return;
      }
      const key = `${binding.layer}.${binding.node}`;
      const other = boundNodes.get(key);
      if (other !== undefined) {
        problems.push({ field: `${at}/node`, message: `node ${binding.node} of layer ${binding.layer} is already shown by ${other}` });
      }
      boundNodes.set(key, `board ${board.id} channel ${binding.channel}`);
    });
  });

  if (Array.isArray(rig.corpus)) {
    const nIn = layers[0] ?? 0;
    const nOut = layers[layers.length - 1] ?? 0;
    rig.corpus.forEach((example, i) => {
      if (example.inputs.length !== nIn) {
        problems.push({ field: `/corpus/${i}/inputs`, message: `has ${example.inputs.length} values; the network has ${nIn} inputs` });
      }
      if (example.targets.length !== nOut) {
        problems.push({ field: `/corpus/${i}/targets`, message: `has ${example.targets.length} values; the network has ${nOut} outputs` });
      }
      const unreachable = unreachableTarget(example.targets, rig.network.activation ?? RIG_DEFAULTS.activation);
      if (unreachable) problems.push({ field: `/corpus/${i}/targets/${unreachable.index}`, message: unreachable.problem });
    });
  }
  problems.push(...neuronProblems(rig));
  const { pace, stepsPerSecond } = rig.training ?? {};
  if (pace !== undefined && stepsPerSecond !== undefined && pace !== stepsPerSecond) {
    problems.push({ field: '/training/stepsPerSecond', message: `is the old name of "pace", and says ${stepsPerSecond} where "pace" says ${pace}: keep "pace" only` });
  }
  if (rig.training?.method === 'perceptron' && layers.length !== 2) {
    problems.push({
      field: '/training/method',
      message: 'the perceptron rule trains a network with no hidden layer (2 layers); use trial-and-error or backprop',
    });
  }
  return problems;
}

/** The `neurons` field's cross-field problems: parameters the model refuses, a rule the outputs cannot have, spiking a network that is not sigmoid. */
function neuronProblems(rig: Rig): RigProblem[] {
  const neurons = rig.neurons;
  if (!neurons) return [];
  const problems: RigProblem[] = [];
  const { model: _model, rule, ...params } = neurons;
  try {
    spikingParams({ axonDelayMs: rig.cascade?.stepDelayMs ?? RIG_DEFAULTS.stepDelayMs, ...params });
  } catch (err) {
    const field = err instanceof NbError && err.field ? err.field : '';
    problems.push({ field: `/neurons${field ? `/${field}` : ''}`, message: (err as Error).message });
  }
  const outputs = rig.network.layers[rig.network.layers.length - 1] ?? 0;
  if (rule === 'argmax' && outputs < 2) {
    problems.push({ field: '/neurons/rule', message: 'argmax picks one output of several; this network has one output: use "threshold"' });
  }
  const activation = rig.network.activation ?? RIG_DEFAULTS.activation;
  if (neurons.model === 'spiking' && activation !== 'sigmoid') {
    problems.push({ field: '/neurons/model', message: `spiking neurons stand in for sigmoid neurons; this network is ${activation}: use "sigmoid" as its activation or start in the sigmoid model` });
  }
  return problems;
}

/**
 * What a sound rig allows but probably did not mean: nodes no board shows. One warning per layer,
 * naming the nodes (as a channel's "layer" and "node" name them) and what to do. A hidden node
 * without a board is the easy one to miss: the exhibit works, but its boards show a different
 * network from the one that answers.
 */
export function rigWarnings(rig: Rig): string[] {
  const warnings: string[] = [];
  if (rig.training?.stepsPerSecond !== undefined) {
    warnings.push('/training/stepsPerSecond is the old name of "pace" (tries a second): rename it "pace"; it is still read.');
  }
  const layers = rig.network.layers;
  const shown = new Set(rig.boards.flatMap((b) => b.channels.map((c) => `${c.layer}.${c.node}`)));
  layers.forEach((size, layer) => {
    const unseen = Array.from({ length: size }, (_, node) => node).filter((node) => !shown.has(`${layer}.${node}`));
    if (unseen.length === 0) return;
    const kind = layer === 0 ? 'input' : layer === layers.length - 1 ? 'output' : 'hidden';
    const one = unseen.length === 1;
    const which = one ? `node ${unseen[0]} is` : unseen.length === size ? `its ${size} nodes are` : `nodes ${inWords(unseen)} are`;
    const [it, its] = one ? ['it', 'it'] : ['them', 'each'];
    const effect =
      kind === 'input'
        ? `no button sets ${it} and no LED shows ${it}`
        : kind === 'output'
          ? `no LED shows ${size === 1 ? 'the answer' : one ? 'this answer' : 'these answers'}`
          : `the network computes ${it}, but no LED shows ${it}`;
    let todo = `Add a channel for ${its} to a board's "channels": { "channel": …, "layer": ${layer}, "node": ${unseen[0]} }`;
    // Fewer hidden nodes is the other fix, when the ones shown are the first ones (shrinking keeps them).
    const seen = size - unseen.length;
    if (kind === 'hidden' && seen > 0 && unseen[0] === seen) {
      const smaller = layers.map((n, l) => (l === layer ? seen : n));
      todo += `; or, if the layer should have ${seen} node${seen === 1 ? '' : 's'}, make /network/layers [${smaller.join(', ')}]`;
    }
    warnings.push(`layer ${layer} (${kind}): ${which} on no board: ${effect} (only the dashboard and API do). ${todo}.`);
  });
  return warnings;
}

/** 1 / 1 and 2 / 1, 2 and 4 */
function inWords(numbers: readonly number[]): string {
  return numbers.length === 1 ? String(numbers[0]) : `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** How many channels a rig board uses: up to its highest channel (a board counts them from 0). */
export function channelsNeeded(board: RigBoard): number {
  return Math.max(...board.channels.map((c) => c.channel)) + 1;
}

/** The rig with every optional field filled in. */
export function resolveRig(rig: Rig): ResolvedRig {
  return {
    ...rig,
    corpusLimit: rig.corpusLimit ?? RIG_DEFAULTS.corpusLimit,
    network: {
      layers: rig.network.layers,
      activation: rig.network.activation ?? RIG_DEFAULTS.activation,
      threshold: rig.network.threshold ?? RIG_DEFAULTS.threshold,
      seed: rig.network.seed ?? RIG_DEFAULTS.seed,
    },
    training: {
      method: rig.training?.method ?? RIG_DEFAULTS.method,
      targetLoss: rig.training?.targetLoss ?? RIG_DEFAULTS.targetLoss,
      trainOnStart: rig.training?.trainOnStart ?? true,
      pace: rig.training?.pace ?? rig.training?.stepsPerSecond ?? 0,
    },
    cascade: {
      stepDelayMs: rig.cascade?.stepDelayMs ?? RIG_DEFAULTS.stepDelayMs,
      fireMs: rig.cascade?.fireMs ?? RIG_DEFAULTS.fireMs,
      gamma: rig.cascade?.gamma ?? RIG_DEFAULTS.gamma,
    },
    buttons: { mode: rig.buttons?.mode ?? RIG_DEFAULTS.buttonMode },
    visitors: {
      idleMs: rig.visitors?.idleMs ?? RIG_DEFAULTS.idleMs,
      attract: rig.visitors?.attract ?? true,
      lessons: rig.visitors?.lessons ?? RIG_DEFAULTS.lessons,
      forgetAfterMs: rig.visitors?.forgetAfterMs ?? RIG_DEFAULTS.forgetAfterMs,
    },
    neurons: resolveNeurons(rig),
  };
}

/** The neurons field with its defaults: the sigmoid model; argmax with several outputs; a spike crosses a layer in one cascade step. */
function resolveNeurons(rig: Rig): ResolvedRig['neurons'] {
  const { model, rule, ...params } = rig.neurons ?? {};
  const outputs = rig.network.layers[rig.network.layers.length - 1] ?? 0;
  return {
    model: model ?? 'sigmoid',
    rule: rule ?? (outputs > 1 ? 'argmax' : 'threshold'),
    params: spikingParams({ axonDelayMs: rig.cascade?.stepDelayMs ?? RIG_DEFAULTS.stepDelayMs, ...params }),
  };
}
