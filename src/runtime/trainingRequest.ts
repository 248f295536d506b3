/**
 * What a training run is made of: the request, the stepper each method gets, and the try events of
 * trial and error. Kept apart from the runner, which only decides when steps run.
 */
import type { Corpus } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import type { Network } from '../core/network.js';
import { createBackpropTrainer } from '../core/train/backprop.js';
import { createPerceptronTrainer } from '../core/train/perceptron.js';
import type { StepResult, Stepper } from '../core/train/stepper.js';
import { createTrialAndErrorTrainer, type TrialAndErrorResult } from '../core/train/trial-and-error.js';
import type { TrainingStatus } from './trainingRunner.js';

export type TrainingMethod = 'trial-and-error' | 'backprop' | 'perceptron';
export const TRAINING_METHODS: readonly TrainingMethod[] = ['trial-and-error', 'backprop', 'perceptron'];

export interface TrainingRequest {
  method?: TrainingMethod;
  /** Stop after this many steps of the method (epochs, or tries for trial and error). */
  epochs?: number;
  targetLoss?: number;
  learningRate?: number;
  /** Trial and error: start again from a random guess (true) or improve the current network. */
  fromRandomGuess?: boolean;
  seed?: number;
  /** At most this many steps a second, so people can watch it learn; 0 or absent = full speed. */
  stepsPerSecond?: number;
  /** Learning to be watched: the exhibit paces it (see Exhibit.train). */
  watch?: boolean;
}

/**
 * Fastest pace at which every try is its own event: above it the stream would flood, so a faster
 * (or unpaced) run sends progress only, as before.
 */
export const MAX_WATCHED_PACE = 100;

/** One try of trial and error, as the event stream and the step API show it (kept small). */
export interface TryEvent {
  /** Tries and kept tries so far in this run (or in the steps taken one at a time). */
  tried: number;
  kept: number;
  /** Indices into the network's params (weights, then biases, layer by layer) that this try changed. */
  changed: number[];
  /** The error (mean squared) before and after the change, and what became of it. */
  before: number;
  after: number;
  outcome: 'kept' | 'undone';
  /** The best error so far, and how many examples the network gets right. */
  loss: number;
  correct: number;
  total: number;
}

/** The try a trial-and-error step just made, counted over the whole run; null for other methods. */
export function tryEvent(result: StepResult, base: { tried: number; kept: number }): TryEvent | null {
  const r = result as TrialAndErrorResult;
  if (!r.lastTry) return null;
  const { changed, before, after, kept } = r.lastTry;
  return {
    tried: base.tried + r.tried,
    kept: base.kept + r.kept,
    changed,
    before,
    after,
    outcome: kept ? 'kept' : 'undone',
    loss: r.loss,
    correct: r.correct,
    total: r.total,
  };
}

export function checkPace(stepsPerSecond: number): number {
  if (typeof stepsPerSecond !== 'number' || !Number.isFinite(stepsPerSecond) || stepsPerSecond < 0 || stepsPerSecond > 100_000) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `pace must be a number of tries a second from 0 (full speed) to 100000, got ${String(stepsPerSecond)}`, {
      field: 'pace',
    });
  }
  return stepsPerSecond;
}

/** Why a stalled run ended, in words a member of staff can act on. */
export function stalledMessage(status: TrainingStatus): string {
  const loss = status.loss === null ? 'unknown' : status.loss.toFixed(4);
  return (
    `training stopped getting better (best loss ${loss} after ${status.step} steps): the corpus may contradict itself ` +
    'or ask for more than this network can learn; remove or fix examples (DELETE /api/corpus/:index, POST /api/corpus/reset) and train again'
  );
}

export function createStepper(net: Network, corpus: Corpus, method: TrainingMethod, request: TrainingRequest): Stepper {
  switch (method) {
    case 'trial-and-error':
      return createTrialAndErrorTrainer(net, corpus, {
        ...(request.targetLoss !== undefined ? { targetLoss: request.targetLoss } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        startFromRandomGuess: request.fromRandomGuess ?? false,
      });
    case 'backprop':
      return createBackpropTrainer(net, corpus, {
        ...(request.targetLoss !== undefined ? { targetLoss: request.targetLoss } : {}),
        ...(request.learningRate !== undefined ? { learningRate: request.learningRate } : {}),
        maxEpochs: request.epochs ?? 1_000_000,
      });
    case 'perceptron':
      return createPerceptronTrainer(net, corpus, {
        ...(request.learningRate !== undefined ? { learningRate: request.learningRate } : {}),
        ...(request.epochs !== undefined ? { maxEpochs: request.epochs } : {}),
      });
    default:
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `unknown training method "${String(method)}"; use ${TRAINING_METHODS.join(', ')}`, {
        field: 'method',
      });
  }
}
