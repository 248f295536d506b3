/**
 * The classic perceptron rule (Rosenblatt, 1958), for networks with no hidden layer and the step
 * activation: for each example, if an output is wrong, move its weights towards the input when it
 * should have fired and away from it when it should not have:
 *   w ← w + rate · (target − output) · input,   b ← b + rate · (target − output)
 *
 * If one straight line (one flat cut, with more inputs) can separate the examples, this is
 * guaranteed to get them all right in a finite number of epochs. If not (XOR), it cycles forever.
 * We report that clearly instead of looping: either because the weights came back to a state
 * they already had at the start of an epoch (with whole-number inputs and rate 1, the weights are
 * whole numbers and the rule is deterministic, so a repeat proves an endless cycle), or after
 * `maxEpochs` epochs without converging.
 */
import type { Corpus } from '../corpus.js';
import { corpusLoss, packCorpus } from '../evaluate.js';
import { NbError } from '../errors.js';
import { createForwardRunner } from '../forward.js';
import type { Network } from '../network.js';
import { numberOption, type StepResult, type Stepper } from './stepper.js';

/** Options for `createPerceptronTrainer`. */
export interface PerceptronOptions {
  /** How far each correction moves the weights. Default 1 (the classic choice). */
  learningRate?: number;
  /**
   * Start from all-zero weights, as the classic rule does (and which makes the weights whole
   * numbers, so a cycle can be proven). Default true; false keeps the network's weights.
   */
  fromZero?: boolean;
  /** Give up (as not separable) after this many epochs without converging. Default 1,000. */
  maxEpochs?: number;
}

/** What a perceptron step reports. `step` counts epochs. */
export interface PerceptronResult extends StepResult {
  /** Examples the network got wrong in the last epoch. */
  errors: number;
  /** Once done: true when every example is right. */
  converged: boolean;
  /** Once done without converging: why, in words a visitor can read. */
  message?: string;
  /** For a corpus that is not linearly separable: the matching error code. */
  code?: 'NB_ERR_NOT_SEPARABLE';
}

/** A perceptron run; `step(budget)` runs up to `budget` epochs (default 10). */
export type PerceptronTrainer = Stepper<PerceptronResult>;

/** Creates a perceptron stepper; throws NB_ERR_INVALID_ARGUMENT for a net with a hidden layer. */
export function createPerceptronTrainer(net: Network, corpus: Corpus, options: PerceptronOptions = {}): PerceptronTrainer {
  if (net.layers.length !== 1) {
    throw new NbError(
      'NB_ERR_INVALID_ARGUMENT',
      `the perceptron rule trains a single layer, but this network [${net.sizes.join(', ')}] has ` +
        `${net.layers.length - 1} hidden layer(s): use trial-and-error or backprop, or a network such as [${net.sizes[0]}, ${net.sizes[net.sizes.length - 1]}]`,
      { field: 'method' },
    );
  }
  const layer = net.layers[0]!;
  if (layer.activation !== 'step') {
    throw new NbError(
      'NB_ERR_INVALID_ARGUMENT',
      `the perceptron rule needs the step activation, but this layer uses ${layer.activation}: create the network with activation: 'step'`,
      { field: 'layers[0].activation' },
    );
  }
  const rate = numberOption(options.learningRate, 1, 'learningRate', { positive: true });
  const maxEpochs = numberOption(options.maxEpochs, 1000, 'maxEpochs', { positive: true, integer: true });
  const data = packCorpus(corpus, net);
  const fromZero = options.fromZero ?? true;
  if (fromZero) net.params.fill(0);
  const runner = createForwardRunner(net);
  const { weights, biases, inputSize, size } = layer;
  // The step outputs 0 or 1, so targets are read as on (≥ 0.5) or off.
  const wholeNumbers = fromZero && rate === 1 && data.inputs.every((x) => x.every(Number.isInteger));
  const seen = new Set<string>();
  let epoch = 0;
  let errors = data.count;
  let outcome: Pick<PerceptronResult, 'converged' | 'reason' | 'message' | 'code'> | undefined;

  const runEpoch = (): number => {
    let wrong = 0;
    for (let i = 0; i < data.count; i++) {
      const x = data.inputs[i]!;
      const t = data.targets[i]!;
      const y = runner.run(x).outputs;
      let exampleWrong = false;
      for (let j = 0; j < size; j++) {
        const err = (t[j]! >= 0.5 ? 1 : 0) - y[j]!;
        if (err === 0) continue;
        exampleWrong = true;
        for (let k = 0; k < inputSize; k++) weights[j * inputSize + k] = weights[j * inputSize + k]! + rate * err * x[k]!;
        biases[j] = biases[j]! + rate * err;
      }
      if (exampleWrong) wrong++;
    }
    epoch++;
    return wrong;
  };

  const notSeparable = (): void => {
    const cut = inputSize === 2 ? 'one straight line' : 'one flat cut (a hyperplane)';
    outcome = {
      converged: false,
      reason: 'not-linearly-separable',
      code: 'NB_ERR_NOT_SEPARABLE',
      message: `${isXor(corpus) ? 'XOR' : 'These examples'} cannot be separated by ${cut}: a hidden layer is needed`,
    };
  };

  return {
    network: net,
    step(budget = 10): PerceptronResult {
      const epochs = numberOption(budget, 10, 'budget', { positive: true, integer: true });
      for (let e = 0; e < epochs && outcome === undefined; e++) {
        if (wholeNumbers) {
          const key = Array.from(net.params).join(',');
          if (seen.has(key)) {
            notSeparable();
            break;
          }
          seen.add(key);
        }
        errors = runEpoch();
        if (errors === 0) outcome = { converged: true, reason: 'converged' };
        else if (epoch >= maxEpochs) notSeparable();
      }
      return {
        step: epoch,
        loss: corpusLoss(runner, data),
        errors,
        done: outcome !== undefined,
        converged: outcome?.converged ?? false,
        ...outcome,
      };
    },
  };
}

// Only to name the classic case in the message; the verdict never depends on it.
function isXor(corpus: Corpus): boolean {
  if (corpus.inputSize !== 2 || corpus.outputSize !== 1 || corpus.size !== 4) return false;
  return corpus.examples.every((e) => (e.targets[0]! >= 0.5 ? 1 : 0) === ((e.inputs[0]! >= 0.5 ? 1 : 0) ^ (e.inputs[1]! >= 0.5 ? 1 : 0)));
}
