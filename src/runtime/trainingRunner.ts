/**
 * Runs a training stepper in time slices on the event loop, so the exhibit keeps answering buttons
 * and the API while it learns, and can be stopped between any two slices. Progress is reported at a
 * bounded rate (a dashboard does not need 10,000 events a second).
 */
import { EventEmitter } from 'node:events';
import type { Corpus } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import type { Network } from '../core/network.js';
import { createBackpropTrainer } from '../core/train/backprop.js';
import { createPerceptronTrainer } from '../core/train/perceptron.js';
import type { StepResult, Stepper } from '../core/train/stepper.js';
import { createTrialAndErrorTrainer } from '../core/train/trial-and-error.js';

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
}

/** What `/api/state` and the event stream show about training. */
export interface TrainingStatus {
  running: boolean;
  method: TrainingMethod | null;
  step: number;
  loss: number | null;
  tried?: number;
  kept?: number;
  evaluations?: number;
  restarts?: number;
  /** Why the last run ended: 'target-reached', 'stopped', 'not-linearly-separable', … */
  reason?: string;
  message?: string;
  startedAt?: number;
  elapsedMs?: number;
}

export interface TrainingRunnerEvents {
  progress: [status: TrainingStatus];
  done: [status: TrainingStatus];
}

export interface SliceTiming {
  /** Longest a slice may hold the event loop. */
  sliceMs: number;
  /** Least time between two progress events. */
  progressEveryMs: number;
}

const DEFAULT_SLICE: SliceTiming = { sliceMs: 8, progressEveryMs: 100 };

export class TrainingRunner extends EventEmitter<TrainingRunnerEvents> {
  private readonly timing: SliceTiming;
  private stepper: Stepper | null = null;
  private stopRequested = false;
  private _status: TrainingStatus = { running: false, method: null, step: 0, loss: null };
  private finished: Promise<TrainingStatus> | null = null;

  constructor(timing: Partial<SliceTiming> = {}) {
    super();
    this.timing = { ...DEFAULT_SLICE, ...timing };
  }

  get status(): TrainingStatus {
    return { ...this._status };
  }

  get running(): boolean {
    return this._status.running;
  }

  /**
   * Starts training `net` in place on `corpus`. Throws NB_ERR_CONFLICT when a run is going (stop it
   * first) and NbErrors from the core for bad options. Resolves `done()` when it ends.
   */
  start(net: Network, corpus: Corpus, request: TrainingRequest = {}): TrainingStatus {
    if (this._status.running) {
      throw new NbError('NB_ERR_CONFLICT', `training (${this._status.method}) is already running; stop it first`);
    }
    if (corpus.size === 0) {
      throw new NbError('NB_ERR_INVALID_CORPUS', 'the corpus is empty: teach the network an example first');
    }
    const method = request.method ?? 'trial-and-error';
    this.stepper = createStepper(net, corpus, method, request);
    this.stopRequested = false;
    const startedAt = Date.now();
    this._status = { running: true, method, step: 0, loss: null, startedAt, elapsedMs: 0 };
    this.finished = this.loop(request.epochs ?? Infinity, request.stepsPerSecond ?? 0);
    return this.status;
  }

  /** Asks the run to stop after the current slice; resolves with the final status. */
  async stop(): Promise<TrainingStatus> {
    this.stopRequested = true;
    return this.finished ?? this.status;
  }

  /** Resolves when the current run (if any) ends. */
  async done(): Promise<TrainingStatus> {
    return this.finished ?? this.status;
  }

  private async loop(maxSteps: number, stepsPerSecond: number): Promise<TrainingStatus> {
    const stepper = this.stepper!;
    // Start on the next turn of the loop, so start() returns before any work is done.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let budget = 1;
    let lastProgress = -Infinity;
    // Elapsed time on the monotonic clock: a wall-clock jump must not bend the loss curve's time axis.
    const startedMono = performance.now();
    let result: StepResult = stepper.step(1);
    const paceStart = performance.now();
    for (;;) {
      const sliceStart = performance.now();
      // Paced: the steps this run may have made by now. Unpaced: no limit.
      const allowed = stepsPerSecond > 0 ? Math.min(maxSteps, Math.floor(((sliceStart - paceStart) / 1000) * stepsPerSecond) + 1) : maxSteps;
      // Grow the per-call budget until a call takes about a tenth of a slice, so the clock is read
      // rarely on fast steppers and slices still end on time on slow ones.
      while (performance.now() - sliceStart < this.timing.sliceMs && !result.done && result.step < allowed) {
        const callStart = performance.now();
        result = stepper.step(Math.max(1, Math.min(budget, allowed - result.step)));
        const took = performance.now() - callStart;
        if (took < this.timing.sliceMs / 10) budget = Math.min(budget * 2, 1 << 20);
        else if (took > this.timing.sliceMs / 2 && budget > 1) budget = Math.max(1, budget >> 1);
      }
      this.update(result, startedMono);
      const ended = result.done || result.step >= maxSteps || this.stopRequested;
      if (ended) break;
      if (performance.now() - lastProgress >= this.timing.progressEveryMs) {
        lastProgress = performance.now();
        this.emit('progress', this.status);
      }
      if (result.step >= allowed) await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, 1000 / stepsPerSecond)));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const extra = result as StepResult & { message?: string };
    this._status = {
      ...this._status,
      running: false,
      reason: this.stopRequested && !result.done ? 'stopped' : (result.reason ?? (result.step >= maxSteps ? 'max-steps' : 'stopped')),
      ...(extra.message ? { message: extra.message } : {}),
    };
    this.stepper = null;
    this.emit('done', this.status);
    return this.status;
  }

  private update(result: StepResult, startedMono: number): void {
    const r = result as StepResult & { tried?: number; kept?: number; evaluations?: number; restarts?: number };
    this._status = {
      ...this._status,
      step: r.step,
      loss: Number.isFinite(r.loss) ? r.loss : null,
      elapsedMs: Math.round(performance.now() - startedMono),
      ...(r.tried !== undefined ? { tried: r.tried, kept: r.kept, evaluations: r.evaluations, restarts: r.restarts } : {}),
    };
  }
}

function createStepper(net: Network, corpus: Corpus, method: TrainingMethod, request: TrainingRequest): Stepper {
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
