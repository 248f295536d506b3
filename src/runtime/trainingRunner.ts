/**
 * Runs a training stepper in time slices on the event loop, so the exhibit keeps answering buttons
 * and the API while it learns, and can be stopped between any two slices. Progress is reported at a
 * bounded rate (a dashboard does not need 10,000 events a second). Each run says whose it is (the
 * exhibit's, or the story's on a copy), and the last status of each is kept.
 */
import { EventEmitter } from 'eventemitter3';
import type { Corpus } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import type { Network } from '../core/network.js';
import type { StepResult, Stepper } from '../core/train/stepper.js';
import type { Scheduler } from '../platform/scheduler.js';
import { checkPace, createStepper, MAX_WATCHED_PACE, tryEvent, type TrainingMethod, type TrainingRequest, type TryEvent } from './trainingRequest.js';

export { MAX_WATCHED_PACE, TRAINING_METHODS, type TrainingMethod, type TrainingRequest, type TryEvent } from './trainingRequest.js';

/** Whose run: the exhibit's own, or the story's (on a copy of the network, thrown away at its hand-over). */
export type TrainingOwner = 'exhibit' | 'story';

/** What `/api/state` and the event stream show about training. */
export interface TrainingStatus {
  of: TrainingOwner;
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
  /** Tries (steps) a second while it runs; 0 = full speed. */
  pace?: number;
}

export interface TrainingRunnerEvents {
  progress: [status: TrainingStatus];
  try: [event: TryEvent];
  done: [status: TrainingStatus];
}

export interface SliceTiming {
  /** Longest a slice may hold the event loop. */
  sliceMs: number;
  /** Least time between two progress events. */
  progressEveryMs: number;
}

const DEFAULT_SLICE: SliceTiming = { sliceMs: 8, progressEveryMs: 100 };

/** Why a stalled run ended, in words a member of staff can act on. */
export function stalledMessage(status: TrainingStatus): string {
  const loss = status.loss === null ? 'unknown' : status.loss.toFixed(4);
  return (
    `training stopped getting better (best loss ${loss} after ${status.step} steps): the corpus may contradict itself ` +
    'or ask for more than this network can learn; remove or fix examples and train again'
  );
}

/** The status of an owner that has not trained yet. */
function idleStatus(of: TrainingOwner): TrainingStatus {
  return { of, running: false, method: null, step: 0, loss: null };
}

/** One run, from start to end: the loop of an ended run sees it is no longer the current one and returns. */
interface Run {
  resolve: (status: TrainingStatus) => void;
}

export class TrainingRunner extends EventEmitter<TrainingRunnerEvents> {
  private readonly timing: SliceTiming;
  private stepper: Stepper | null = null;
  private stopRequested = false;
  /** What the current run trains, so a changed corpus can be taken up by a new stepper. */
  private run: { net: Network; corpus: Corpus; method: TrainingMethod; request: TrainingRequest } | null = null;
  private corpusDirty = false;
  private _status: TrainingStatus = idleStatus('exhibit');
  /** The last status of each owner whose run is not the current one. */
  private readonly latest = new Map<TrainingOwner, TrainingStatus>();
  private current: Run | null = null;
  private finished: Promise<TrainingStatus> | null = null;
  /** The loop waiting between slices (or before its first): stop() ends the run from there at once. */
  private parked: { cancel: () => void } | null = null;
  /** Steps a second now (0 = full speed), and the time and step count it was last set at. */
  private pace = 0;
  private paceMark = { at: 0, steps: 0 };
  /** The stepper behind single steps (`stepOnce`), kept so its step size carries over between steps. */
  private manual: { stepper: Stepper; net: Network; corpus: Corpus } | null = null;

  /** Lets go of the host while no run is going (a run holds it, as its timers would). */
  private release: (() => void) | null = null;

  constructor(
    /** Slices wait on it, and its clock measures them and the pace. */
    private readonly scheduler: Scheduler,
    timing: Partial<SliceTiming> = {},
  ) {
    super();
    this.timing = { ...DEFAULT_SLICE, ...timing };
  }

  get status(): TrainingStatus {
    return { ...this._status };
  }

  get running(): boolean {
    return this._status.running;
  }

  /** The latest status of `of`'s runs: the one going now, or its last one, or idle when it has never trained. */
  statusOf(of: TrainingOwner): TrainingStatus {
    if (this._status.of === of) return this.status;
    return { ...(this.latest.get(of) ?? idleStatus(of)) };
  }

  /**
   * Starts training `net` in place on `corpus`, as `of`'s run. Throws NB_ERR_CONFLICT when a run is
   * going (stop it first) and NbErrors from the core for bad options. Resolves `done()` when it ends.
   */
  start(net: Network, corpus: Corpus, request: TrainingRequest = {}, of: TrainingOwner = 'exhibit'): TrainingStatus {
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
    this.manual = null;
    this.pace = checkPace(request.pace ?? 0);
    this.paceMark = { at: this.scheduler.now(), steps: 0 };
    // A run keeps its host running until it ends: its waits between slices alone would not.
    this.release ??= this.scheduler.keepAlive();
    const startedAt = Date.now();
    this.latest.set(this._status.of, this._status);
    this._status = { of, running: true, method, step: 0, loss: null, startedAt, elapsedMs: 0, pace: this.pace };
    let resolve!: Run['resolve'];
    this.finished = new Promise<TrainingStatus>((r) => (resolve = r));
    const run: Run = { resolve };
    this.current = run;
    void this.loop(run, request.epochs ?? Infinity);
    return this.status;
  }

  /** Changes the pace of the run going now (tries a second, 0 = full speed). Returns the status. */
  setPace(pace: number): TrainingStatus {
    if (!this._status.running) throw new NbError('NB_ERR_CONFLICT', 'no training is running, so there is no pace to change: start a run with the pace you want', { field: 'pace' });
    this.pace = checkPace(pace);
    this.paceMark = { at: this.scheduler.now(), steps: this._status.step };
    this._status = { ...this._status, pace: this.pace };
    return this.status;
  }

  /**
   * One try of trial and error on `net`, from where it is now (the console's single-step button).
   * Refuses while a run is going (409) and on an empty corpus. Emits and returns the try.
   */
  stepOnce(net: Network, corpus: Corpus): TryEvent {
    if (this._status.running) throw new NbError('NB_ERR_CONFLICT', `training (${this._status.method}) is running; stop it first, then step`);
    if (corpus.size === 0) throw new NbError('NB_ERR_INVALID_CORPUS', 'the corpus is empty: teach the network an example first');
    if (!this.manual || this.manual.net !== net || this.manual.corpus !== corpus) {
      // Target 0: a network already good enough still takes the step it is asked for.
      this.manual = { stepper: createStepper(net, corpus, 'trial-and-error', { fromRandomGuess: false, targetLoss: 0 }), net, corpus };
    }
    const event = tryEvent(this.manual.stepper.step(1), { tried: 0, kept: 0 });
    if (!event) {
      this.manual = null;
      throw new NbError('NB_ERR_CONFLICT', 'trial and error has stopped getting better here (stalled); teach or remove examples, or start again from a random guess');
    }
    this.emit('try', event);
    return event;
  }

  /**
   * Says the corpus the run trains on has changed (an example taught, removed or reset). The run
   * takes it up before its next slice, going on from the network it has so far. Returns whether a
   * run is going (and so will see the change).
   */
  corpusChanged(): boolean {
    this.manual = null;
    if (!this._status.running) return false;
    this.corpusDirty = true;
    return true;
  }

  /**
   * Stops the run. Between slices (always, when called from outside a slice's own events) it ends
   * at once: the status says it is not running and `done` is emitted before this returns, so the
   * caller may start another run straight away. Resolves with the final status.
   */
  async stop(): Promise<TrainingStatus> {
    this.stopRequested = true;
    const finished = this.finished;
    if (this.parked) {
      this.parked.cancel();
      this.end('stopped');
    }
    return finished ?? this.status;
  }

  /** Resolves when the current run (if any) ends. */
  async done(): Promise<TrainingStatus> {
    return this.finished ?? this.status;
  }

  private async loop(run: Run, maxSteps: number): Promise<void> {
    // Start on the next turn of the loop, so start() returns before any work is done.
    await this.park(0);
    if (this.current !== run) return; // stopped before its first step
    let budget = 1;
    let lastProgress = -Infinity;
    // Elapsed time on the monotonic clock: a wall-clock jump must not bend the loss curve's time axis.
    const startedMono = this.scheduler.now();
    // Steps (and counters) of the steppers this run replaced after corpus changes: status and
    // pacing count the whole run.
    const base = { step: 0, tried: 0, kept: 0, evaluations: 0, restarts: 0 };
    let changes = 0;
    let ending: { reason: string; message: string } | null = null;
    let result: StepResult = this.stepper!.step(1);
    this.tell(result, base);
    const total = (): number => base.step + result.step;
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
      const sliceStart = this.scheduler.now();
      const pace = this.pace;
      // Paced: the steps this run may have made by now. Unpaced: no limit.
      const allowed =
        pace > 0 ? Math.min(maxSteps, this.paceMark.steps + Math.floor(((sliceStart - this.paceMark.at) / 1000) * pace) + 1) : maxSteps;
      const watched = this.watched();
      // Grow the per-call budget until a call takes about a tenth of a slice, so the clock is read
      // rarely on fast steppers and slices still end on time on slow ones.
      while (this.scheduler.now() - sliceStart < this.timing.sliceMs && !result.done && total() < allowed) {
        const callStart = this.scheduler.now();
        result = stepper.step(watched ? 1 : Math.max(1, Math.min(budget, allowed - total())));
        this.tell(result, base);
        const took = this.scheduler.now() - callStart;
        if (took < this.timing.sliceMs / 10) budget = Math.min(budget * 2, 1 << 20);
        else if (took > this.timing.sliceMs / 2 && budget > 1) budget = Math.max(1, budget >> 1);
      }
      this.update(result, base, startedMono);
      const ended = result.done || total() >= maxSteps || this.stopRequested;
      if (ended) break;
      if (this.scheduler.now() - lastProgress >= this.timing.progressEveryMs) {
        lastProgress = this.scheduler.now();
        this.emit('progress', this.status);
      }
      await this.park(total() >= allowed ? Math.max(1, 1000 / pace) : 0);
      // Stopped while it waited (stop() ended it, or asked just as the wait ran out): not one step
      // more (a story's hand-over has put another network back).
      if (this.current !== run) return;
      if (this.stopRequested) break;
    }
    const extra = result as StepResult & { message?: string };
    const reason =
      ending?.reason ??
      (this.stopRequested && !result.done ? 'stopped' : (result.reason ?? (total() >= maxSteps ? 'max-steps' : 'stopped')));
    const message = ending?.message ?? (reason === 'stalled' ? stalledMessage(this._status) : extra.message);
    this.end(reason, message);
  }

  /** Waits `ms` (0: the next turn of the event loop) between slices; stop() may cut the wait short. */
  private park(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let woken = false;
      const wake = (): void => {
        if (woken) return; // cut short by stop(): the yield that comes later finds it done
        woken = true;
        this.parked = null;
        resolve();
      };
      const handle = ms > 0 ? this.scheduler.setTimeout(wake, ms) : null;
      if (handle === null) void this.scheduler.yield().then(wake);
      this.parked = {
        cancel: () => {
          if (handle !== null) this.scheduler.clearTimeout(handle);
          wake();
        },
      };
    });
  }

  /** Ends the current run: its final status, the `done` event, and `done()` resolves. */
  private end(reason: string, message?: string): void {
    const run = this.current;
    if (!run) return;
    this.current = null;
    this._status = { ...this._status, running: false, reason, ...(message ? { message } : {}) };
    this.stepper = null;
    this.run = null;
    this.release?.();
    this.release = null;
    const status = this.status;
    // Listeners may start the next run at once; this run's promise still gets its own final status.
    this.emit('done', status);
    run.resolve(status);
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
    this.tell(first, base);
    return first;
  }

  /** Watched: one try a call, each its own event (trial and error at a pace people can follow). */
  private watched(): boolean {
    return this.pace > 0 && this.pace <= MAX_WATCHED_PACE && this.run?.method === 'trial-and-error';
  }

  private tell(result: StepResult, base: { tried: number; kept: number }): void {
    if (!this.watched()) return;
    const event = tryEvent(result, base);
    if (event) this.emit('try', event);
  }

  private update(result: StepResult, base: { step: number; tried: number; kept: number; evaluations: number; restarts: number }, startedMono: number): void {
    const r = result as StepResult & { tried?: number; kept?: number; evaluations?: number; restarts?: number };
    this._status = {
      ...this._status,
      step: base.step + r.step,
      loss: Number.isFinite(r.loss) ? r.loss : null,
      elapsedMs: Math.round(this.scheduler.now() - startedMono),
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

