/**
 * What a training run is asked for and made of: the request (with the rig's settings filled in), the
 * stepper each method gets, its pace, and the try events of trial and error. Kept apart from the
 * runner (trainingRunner.ts), which only decides when steps run.
 */
import type { Corpus } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import type { Network } from '../core/network.js';
import { createBackpropTrainer } from '../core/train/backprop.js';
import { createPerceptronTrainer } from '../core/train/perceptron.js';
import type { StepResult, Stepper } from '../core/train/stepper.js';
import { createTrialAndErrorTrainer, type TrialAndErrorResult } from '../core/train/trialAndError.js';

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
  /** Tries (or epochs) a second at most, so people can watch it learn; 0 or absent = full speed. */
  pace?: number;
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

/** The most tries a second a pace may ask for. */
export const MAX_PACE = 100_000;

/** `pace` when it is a pace (tries a second, 0 = full speed, at most MAX_PACE); NB_ERR_INVALID_ARGUMENT otherwise. */
export function checkPace(pace: number): number {
  if (typeof pace !== 'number' || !Number.isFinite(pace) || pace < 0 || pace > MAX_PACE) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `pace must be a number of tries a second from 0 (full speed) to ${MAX_PACE}, got ${String(pace)}`, {
      field: 'pace',
    });
  }
  return pace;
}

/** The pace of a run to be watched when the rig sets none of its own: tries a second. */
export const WATCH_PACE = 20;

/**
 * A training request with the rig's settings filled in: its pace (a run to be watched — `watch`, or
 * from a random guess — never at full speed unless asked), its target error, and a fresh seed for each
 * start from a random guess (a fixed default seed replayed the same run every time).
 */
export function requestForRig(training: { pace: number; targetLoss: number }, request: TrainingRequest, random: () => number = Math.random): TrainingRequest {
  const watched = request.watch === true || request.fromRandomGuess === true;
  const seed = request.fromRandomGuess ? Math.floor(random() * 0x1_0000_0000) : undefined;
  const asked = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)) as TrainingRequest;
  return { pace: watched && training.pace === 0 ? WATCH_PACE : training.pace, targetLoss: training.targetLoss, seed, ...asked };
}

export function createStepper(net: Network, corpus: Corpus, method: TrainingMethod, request: TrainingRequest): Stepper {
  switch (method) {
    case 'trial-and-error':
      return createTrialAndErrorTrainer(net, corpus, {
        ...(request.targetLoss !== undefined ? { targetLoss: request.targetLoss } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        fromRandomGuess: request.fromRandomGuess ?? false,
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
