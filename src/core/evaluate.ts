/**
 * Measuring how wrong a network is on a corpus.
 *
 * The loss is the mean squared error (MSE): for every example and every output, the difference
 * between what the network said and what was wanted, squared (so misses in either direction count
 * and big misses count more), averaged over all examples and outputs. 0 is perfect.
 *
 * Training evaluates the corpus thousands of times, so it first packs the examples into typed
 * arrays (`packCorpus`) and evaluates through a reused `ForwardRunner`.
 */
import { assertCorpusFits, type Corpus } from './corpus.js';
import { NbError } from './errors.js';
import type { ForwardRunner } from './forward.js';
import type { Network } from './network.js';

/** A corpus as typed arrays: example `i`'s inputs are `inputs[i]`, a view into one buffer. */
export interface PackedCorpus {
  readonly count: number;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly inputs: readonly Float64Array[];
  readonly targets: readonly Float64Array[];
}

/** How a network did on a corpus. */
export interface Evaluation {
  /** Mean squared error over all examples and outputs. */
  loss: number;
  /** How many examples the network got right (see `isCorrect`). */
  correct: number;
  /** How many examples there were. */
  total: number;
}

/**
 * When an example counts as "right":
 * - `'threshold'`: every output is on the same side of 0.5 as its target (for on/off outputs);
 * - `'argmax'`: the strongest output is the one whose target is strongest (for one-hot outputs
 *   such as "which digit is this").
 */
export type CorrectnessRule = 'threshold' | 'argmax';

/** Packs a corpus for fast evaluation; checks it fits the network. */
export function packCorpus(corpus: Corpus, net: Network): PackedCorpus {
  assertCorpusFits(corpus, net);
  const count = corpus.size;
  if (count === 0) {
    throw new NbError('NB_ERR_INVALID_CORPUS', 'the corpus is empty: add at least one example before training', {
      field: 'examples',
    });
  }
  const { inputSize, outputSize } = corpus;
  const inBuf = new Float64Array(count * inputSize);
  const outBuf = new Float64Array(count * outputSize);
  corpus.examples.forEach((e, i) => {
    inBuf.set(e.inputs, i * inputSize);
    outBuf.set(e.targets, i * outputSize);
  });
  return {
    count,
    inputSize,
    outputSize,
    inputs: Array.from({ length: count }, (_, i) => inBuf.subarray(i * inputSize, (i + 1) * inputSize)),
    targets: Array.from({ length: count }, (_, i) => outBuf.subarray(i * outputSize, (i + 1) * outputSize)),
  };
}

/** The mean squared error of the runner's network over the packed corpus. Does not allocate. */
export function corpusLoss(runner: ForwardRunner, data: PackedCorpus): number {
  let sum = 0;
  for (let i = 0; i < data.count; i++) sum += squaredError(runner.run(data.inputs[i]!).outputs, data.targets[i]!);
  return sum / (data.count * data.outputSize);
}

/** The summed squared difference of one output vector from its targets. */
function squaredError(outputs: ArrayLike<number>, targets: ArrayLike<number>): number {
  let sum = 0;
  for (let o = 0; o < targets.length; o++) {
    const d = outputs[o]! - targets[o]!;
    sum += d * d;
  }
  return sum;
}

/** The loss and how many examples are right, in one pass over the corpus. */
export function evaluateCorpus(runner: ForwardRunner, data: PackedCorpus, rule: CorrectnessRule = 'threshold'): Evaluation {
  let sum = 0;
  let correct = 0;
  for (let i = 0; i < data.count; i++) {
    const out = runner.run(data.inputs[i]!).outputs;
    const t = data.targets[i]!;
    sum += squaredError(out, t);
    if (isCorrect(out, t, rule)) correct++;
  }
  return { loss: sum / (data.count * data.outputSize), correct, total: data.count };
}

/** Whether one output vector is right for its targets under `rule`. */
export function isCorrect(outputs: ArrayLike<number>, targets: ArrayLike<number>, rule: CorrectnessRule): boolean {
  if (rule === 'argmax') return argmax(outputs) === argmax(targets);
  for (let o = 0; o < targets.length; o++) {
    if (outputs[o]! >= 0.5 !== targets[o]! >= 0.5) return false;
  }
  return true;
}

/** The index of the largest value (the first one on a tie). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
