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
  /** Times the corpus changed under this run (each time it went on with the new examples). */
  corpusChanges?: number;
  /**
   * Why the last run ended: 'target-reached', 'stopped', 'not-linearly-separable', 'stalled' (it
   * could not get better: `message` says why), 'corpus-empty', …
   */
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
  /** What the current run trains, so a changed corpus can be taken up by a new stepper. */
  private run: { net: Network; corpus: Corpus; method: TrainingMethod; request: TrainingRequest } | null = null;
  private corpusDirty = false;
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
    this.run = { net, corpus, method, request };
    this.stopRequested = false;
    this.corpusDirty = false;
    const startedAt = Date.now();
    this._status = { running: true, method, step: 0, loss: null, startedAt, elapsedMs: 0 };
    this.finished = this.loop(request.epochs ?? Infinity, request.stepsPerSecond ?? 0);
    return this.status;
  }

  /**
   * Says the corpus the run trains on has changed (an example taught, removed or reset). The run
   * takes it up before its next slice, going on from the network it has so far. Returns whether a
   * run is going (and so will see the change).
   */
  corpusChanged(): boolean {
    if (!this._status.running) return false;
    this.corpusDirty = true;
    return true;
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
    // Start on the next turn of the loop, so start() returns before any work is done.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let budget = 1;
    let lastProgress = -Infinity;
    // Elapsed time on the monotonic clock: a wall-clock jump must not bend the loss curve's time axis.
    const startedMono = performance.now();
    // Steps (and counters) of the steppers this run replaced after corpus changes: status and
    // pacing count the whole run.
    const base = { step: 0, tried: 0, kept: 0, evaluations: 0, restarts: 0 };
    let changes = 0;
    let ending: { reason: string; message: string } | null = null;
    let result: StepResult = this.stepper!.step(1);
    const total = (): number => base.step + result.step;
    const paceStart = performance.now();
    for (;;) {
      if (this.corpusDirty) {
        this.corpusDirty = false;
        const taken = this.takeNewCorpus(result, base);
        changes++;
        this._status = { ...this._status, corpusChanges: changes };
        if (taken) result = taken;
        else {
          ending = { reason: 'corpus-empty', message: 'the corpus is now empty: teach the network an example, then train again' };
          break;
        }
      }
      const stepper = this.stepper!;
      const sliceStart = performance.now();
      // Paced: the steps this run may have made by now. Unpaced: no limit.
      const allowed = stepsPerSecond > 0 ? Math.min(maxSteps, Math.floor(((sliceStart - paceStart) / 1000) * stepsPerSecond) + 1) : maxSteps;
      // Grow the per-call budget until a call takes about a tenth of a slice, so the clock is read
      // rarely on fast steppers and slices still end on time on slow ones.
      while (performance.now() - sliceStart < this.timing.sliceMs && !result.done && total() < allowed) {
        const callStart = performance.now();
        result = stepper.step(Math.max(1, Math.min(budget, allowed - total())));
        const took = performance.now() - callStart;
        if (took < this.timing.sliceMs / 10) budget = Math.min(budget * 2, 1 << 20);
        else if (took > this.timing.sliceMs / 2 && budget > 1) budget = Math.max(1, budget >> 1);
      }
      this.update(result, base, startedMono);
      const ended = result.done || total() >= maxSteps || this.stopRequested;
      if (ended) break;
      if (performance.now() - lastProgress >= this.timing.progressEveryMs) {
        lastProgress = performance.now();
        this.emit('progress', this.status);
      }
      if (total() >= allowed) await new Promise<void>((resolve) => setTimeout(resolve, Math.max(1, 1000 / stepsPerSecond)));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const extra = result as StepResult & { message?: string };
    const reason =
      ending?.reason ??
      (this.stopRequested && !result.done ? 'stopped' : (result.reason ?? (total() >= maxSteps ? 'max-steps' : 'stopped')));
    const message = ending?.message ?? (reason === 'stalled' ? stalledMessage(this._status) : extra.message);
    this._status = { ...this._status, running: false, reason, ...(message ? { message } : {}) };
    this.stepper = null;
    this.run = null;
    this.emit('done', this.status);
    return this.status;
  }

  /**
   * A new stepper on the changed corpus, going on from the network trained so far (never from a new
   * random guess: that would throw away what it learnt). Null when the corpus is now empty.
   */
  private takeNewCorpus(result: StepResult, base: { step: number; tried: number; kept: number; evaluations: number; restarts: number }): StepResult | null {
    const run = this.run!;
    if (run.corpus.size === 0) return null;
    const r = result as StepResult & { tried?: number; kept?: number; evaluations?: number; restarts?: number };
    base.step += r.step;
    base.tried += r.tried ?? 0;
    base.kept += r.kept ?? 0;
    base.evaluations += r.evaluations ?? 0;
    base.restarts += r.restarts ?? 0;
    this.stepper = createStepper(run.net, run.corpus, run.method, { ...run.request, fromRandomGuess: false });
    const first = this.stepper.step(1);
    return first;
  }

  private update(result: StepResult, base: { step: number; tried: number; kept: number; evaluations: number; restarts: number }, startedMono: number): void {
    const r = result as StepResult & { tried?: number; kept?: number; evaluations?: number; restarts?: number };
    this._status = {
      ...this._status,
      step: base.step + r.step,
      loss: Number.isFinite(r.loss) ? r.loss : null,
      elapsedMs: Math.round(performance.now() - startedMono),
      ...(r.tried !== undefined
        ? {
            tried: base.tried + r.tried,
            kept: base.kept + (r.kept ?? 0),
            evaluations: base.evaluations + (r.evaluations ?? 0),
            restarts: base.restarts + (r.restarts ?? 0),
          }
        : {}),
    };
  }
}

/** Why a stalled run ended, in words a member of staff can act on. */
function stalledMessage(status: TrainingStatus): string {
  const loss = status.loss === null ? 'unknown' : status.loss.toFixed(4);
  return (
    `training stopped getting better (best loss ${loss} after ${status.step} steps): the corpus may contradict itself ` +
    'or ask for more than this network can learn; remove or fix examples (DELETE /api/corpus/:index, POST /api/corpus/reset) and train again'
  );
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
