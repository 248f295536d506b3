/**
 * Training by backpropagation with momentum: compute how much each weight is to blame for the
 * error (see gradient.ts), move it a little the other way, repeat.
 *
 * Momentum keeps a running "velocity" per weight, v ← momentum·v − rate·gradient, and moves the
 * weight by v: steps that keep pointing the same way build up speed, steps that zig-zag cancel.
 *
 * `batchSize` 1 is online learning (update after every example, the classic way); larger batches
 * average the gradient over that many examples before each update.
 */
import type { Corpus } from '../corpus.js';
import { corpusLoss, packCorpus, type PackedCorpus } from '../evaluate.js';
import type { Network } from '../network.js';
import { accumulateExampleGradient, createGradientWorkspace } from './gradient.js';
import { numberOption, type StepResult, type Stepper } from './stepper.js';

/** Options for `createBackpropTrainer`. */
export interface BackpropOptions {
  /** How far to move along the gradient per update. Default 0.7. */
  learningRate?: number;
  /** How much of the previous move to keep, 0 ≤ momentum < 1. Default 0.9. */
  momentum?: number;
  /** Examples per update: 1 = online (default); the corpus size = full batch. */
  batchSize?: number;
  /** Stop when the corpus MSE is below this. Default 0.005. */
  targetLoss?: number;
  /** Stop after this many epochs (passes over the corpus). Default 20,000. */
  maxEpochs?: number;
  /**
   * End as 'stalled' after this many epochs in a row without the loss beating its best by more than
   * a sliver (0.1 %): a plateau that long means the corpus asks what this network cannot give.
   * Default 5,000 (XOR's slow stretches are a few hundred).
   */
  stallEpochs?: number;
}

/** What a backprop step reports. `step` counts epochs. */
export interface BackpropResult extends StepResult {
  /** Weight updates made so far. */
  updates: number;
}

/** A backprop run; `step(budget)` runs up to `budget` epochs (default 10). */
export type BackpropTrainer = Stepper<BackpropResult>;

/** Creates a backprop stepper that trains `net` in place on `corpus`. */
export function createBackpropTrainer(net: Network, corpus: Corpus, options: BackpropOptions = {}): BackpropTrainer {
  const learningRate = numberOption(options.learningRate, 0.7, 'learningRate', { positive: true });
  const momentum = numberOption(options.momentum, 0.9, 'momentum', { min: 0, max: 0.999 });
  const targetLoss = numberOption(options.targetLoss, 0.005, 'targetLoss', { min: 0 });
  const maxEpochs = numberOption(options.maxEpochs, 20_000, 'maxEpochs', { positive: true, integer: true });
  const stallEpochs = numberOption(options.stallEpochs, 5_000, 'stallEpochs', { positive: true, integer: true });
  const data: PackedCorpus = packCorpus(corpus, net);
  const batchSize = numberOption(options.batchSize, 1, 'batchSize', { positive: true, integer: true });
  const ws = createGradientWorkspace(net);
  const params = net.params;
  const grad = new Float64Array(params.length);
  const velocity = new Float64Array(params.length);
  let epoch = 0;
  let updates = 0;
  let loss = corpusLoss(ws.runner, data);
  let done: BackpropResult['reason'] | undefined = loss < targetLoss ? 'target-reached' : undefined;
  let bestLoss = loss;
  let sinceBetter = 0;

  const update = (examples: number): void => {
    // Mean gradient over the batch, so the learning rate means the same for every batch size.
    const rate = learningRate / examples;
    for (let p = 0; p < params.length; p++) {
      const v = momentum * velocity[p]! - rate * grad[p]!;
      velocity[p] = v;
      params[p] = params[p]! + v;
    }
    grad.fill(0);
    updates++;
  };

  const runEpoch = (): number => {
    let squared = 0;
    let inBatch = 0;
    for (let i = 0; i < data.count; i++) {
      squared += accumulateExampleGradient(ws, data.inputs[i]!, data.targets[i]!, grad, 1);
      if (++inBatch === batchSize) {
        update(inBatch);
        inBatch = 0;
      }
    }
    if (inBatch > 0) update(inBatch);
    epoch++;
    // Measured while the weights moved (as most libraries report it); confirmed exactly below.
    return squared / (data.count * data.outputSize);
  };

  const result = (): BackpropResult => ({
    step: epoch,
    loss,
    done: done !== undefined,
    ...(done === undefined ? {} : { reason: done }),
    updates,
  });

  return {
    network: net,
    step(budget = 10): BackpropResult {
      const epochs = numberOption(budget, 10, 'budget', { positive: true, integer: true });
      for (let e = 0; e < epochs && done === undefined; e++) {
        const running = runEpoch();
        if (!Number.isFinite(running)) {
          loss = running;
          done = 'diverged';
        } else if (running < targetLoss * 1.5) {
          // Only pay for an exact pass when the running figure says we are close.
          loss = corpusLoss(ws.runner, data);
          if (loss < targetLoss) done = 'target-reached';
        } else {
          loss = running;
        }
        if (loss < bestLoss * (1 - 1e-3)) {
          bestLoss = loss;
          sinceBetter = 0;
        } else if (++sinceBetter >= stallEpochs && done === undefined) {
          loss = corpusLoss(ws.runner, data);
          done = 'stalled';
        }
        if (done === undefined && epoch >= maxEpochs) {
          loss = corpusLoss(ws.runner, data);
          done = 'max-steps';
        }
      }
      return result();
    },
  };
}
