/**
 * Spiking mode on the boards: the exhibit's network run live as leaky integrate-and-fire neurons
 * (src/core/spiking.ts) in real time, its spikes flashed and its potentials shown on the boards'
 * LEDs (spikingLeds.ts, within each board's command budget), and a `spike` report for the pages a
 * few times a second. Also keeps the agreement check's last report (src/core/spikingAgreement.ts):
 * the exhibit runs it before the mode goes on and after every training.
 *
 * Host-neutral: time comes from the Scheduler (a tick every TICK_MS advances the twin by the time
 * that really passed), never from Date or the host's timers.
 */
import { EventEmitter } from 'eventemitter3';
import type { Corpus } from '../core/corpus.js';
import type { Network } from '../core/network.js';
import { createSpikingNetwork, type SpikingNetwork } from '../core/spiking.js';
import { checkAgreement, spikingAnswer, type AgreementReport } from '../core/spikingAgreement.js';
import type { Scheduler, TimerHandle } from '../platform/scheduler.js';

/** The clock the neurons run on: the host's scheduler, or a scenario's dilated time. */
export type SpikingClock = Pick<Scheduler, 'now' | 'setTimeout' | 'clearTimeout'>;
import type { ResolvedRig } from './rig/validate.js';
import { SpikingLeds, type SpikeSink, type SpikingLedCounts } from './spikingLeds.js';

/** How often the twin is advanced and the LEDs updated (ms): 50 times a second, well under a board's budget per tick. */
export const TICK_MS = 20;
/** The `spike` report at most this often (ms): enough for a page to draw dots travelling, little for the stream. */
export const SPIKE_REPORT_MS = 100;
/** How far back each neuron's spikes are kept for `spikesWithin` (ms of the neurons' time). */
export const SPIKE_HISTORY_MS = 10_000;
/** After a stall (a busy host, a suspended laptop) the twin catches up at most this much at once. */
const MAX_CATCH_UP_MS = 1000;

/** The agreement check's report as the pages and the API show it. */
export interface AgreementSummary {
  right: number;
  of: number;
  /** The decision window the live network runs with (the check's remedy may lengthen it). */
  windowMs: number;
  remedy: AgreementReport['remedy'];
  /** Each example on which the spiking neurons answer differently, with both answers. */
  differing: AgreementReport['differing'];
}

/** What `/api/state.neurons` shows in spiking mode. */
export interface SpikingState {
  model: 'spiking';
  agreement: AgreementSummary;
  /** potential[layer][node]: the membrane potential now, in thresholds (1 fires; the floor is the rig's). */
  potential: number[][];
  /** spikes[layer][node]: how many times each neuron spiked in the last decision window (agreement.windowMs). */
  spikes: number[][];
  /** The outputs lit by their spikes now (the answer, read with the rig's rule). */
  answer: number[];
}

/** The `spike` event: what happened since the last one. */
export interface SpikeReport {
  /** Simulated time since the mode began, ms. */
  timeMs: number;
  /** spikes[layer][node] since the last report. */
  spikes: number[][];
  potential: number[][];
  answer: number[];
}

/** What the log says of an agreement check: how far the neurons agree, and which examples differ. */
export function agreementLine(report: AgreementSummary, why: string): { level: 'info' | 'warn'; message: string } {
  const window = report.remedy === 'none' ? '' : ` (with a ${report.windowMs} ms window)`;
  const agree = `spiking neurons (${why}): agree with the network on ${report.right} of ${report.of} examples${window}`;
  if (report.right === report.of) return { level: 'info', message: agree };
  const which = report.differing.map((d) => `example ${d.index + 1}${d.label === undefined ? '' : ` (${d.label})`}`).join(', ');
  return { level: 'warn', message: `${agree}; they differ on ${which}` };
}

export interface SpikingModeEvents {
  spike: [report: SpikeReport];
}

export class SpikingMode extends EventEmitter<SpikingModeEvents> {
  /** Made at first use: only a sigmoid network has spiking neurons (the exhibit checks before it switches). */
  private made: SpikingNetwork | null = null;
  private readonly leds: SpikingLeds;
  private report: AgreementReport | null = null;
  private stopTicking: (() => void) | null = null;
  private lastTickMs = 0;
  private lastReportMs = 0;
  private readonly inputs: Float64Array;
  /** Spikes since the last report, per layer. */
  private readonly pending: Int32Array[];
  /** Spikes during the current advance, per layer (what the LEDs flash). */
  private readonly tickSpikes: Int32Array[];
  /** Time not yet stepped (under one time step), ms. */
  private remainderMs = 0;
  /** history[layer][node]: when each recent spike happened (the neurons' time, ms), oldest first. */
  private readonly history: number[][][];

  constructor(
    private readonly network: Network,
    private readonly rig: ResolvedRig,
    sink: SpikeSink,
    private readonly scheduler: SpikingClock,
  ) {
    super();
    this.leds = new SpikingLeds(sink, network.sizes, { gamma: rig.cascade.gamma });
    this.inputs = new Float64Array(network.sizes[0]!);
    this.pending = network.sizes.map((n) => new Int32Array(n));
    this.tickSpikes = network.sizes.map((n) => new Int32Array(n));
    this.history = network.sizes.map((n) => Array.from({ length: n }, () => []));
  }

  /** The neurons' own clock (ms since the mode began): what settling and spike counts are measured in. */
  get timeMs(): number {
    return this.twin.timeMs;
  }

  /**
   * How long the answer must stay the same to count as settled: one decision window (what it is
   * counted over) plus the axon delays a change of the inputs needs to reach the outputs.
   */
  get settleQuietMs(): number {
    const p = this.twin.params;
    return p.windowMs + (this.network.sizes.length - 1) * p.axonDelayMs;
  }

  /** How many times the node spiked in the last `ms` of the neurons' time (at most SPIKE_HISTORY_MS). */
  spikesWithin(layer: number, node: number, ms: number): number {
    const times = this.history[layer]?.[node] ?? [];
    const from = this.twin.timeMs - ms;
    let n = 0;
    for (let k = times.length - 1; k >= 0 && times[k]! > from; k--) n++;
    return n;
  }

  private get twin(): SpikingNetwork {
    this.made ??= createSpikingNetwork(this.network, this.rig.neurons.params);
    return this.made;
  }

  get running(): boolean {
    return this.stopTicking !== null;
  }

  /** Commands sent and spikes dropped since the exhibit began (the bench prints them). */
  get ledCounts(): SpikingLedCounts {
    return this.leds.counts;
  }

  /** The last agreement check (null before the first). */
  get agreement(): AgreementSummary | null {
    const r = this.report;
    return r && { right: r.right, of: r.of, windowMs: r.windowMs, remedy: r.remedy, differing: r.differing };
  }

  /**
   * Runs the agreement check on `corpus` and, when its remedy chose another decision window, runs
   * the live network with it from now on (from rest). Synchronous: a few to a few tens of ms for the
   * shipped rigs (docs/spiking.md).
   */
  check(corpus: Corpus): AgreementReport {
    const { rule, params } = this.rig.neurons;
    const report = checkAgreement(this.network, corpus, params, { rule });
    this.report = report;
    if (report.windowMs !== this.twin.params.windowMs) {
      this.made = createSpikingNetwork(this.network, { ...params, windowMs: report.windowMs });
      this.twin.setInputs(this.inputs);
    }
    return report;
  }

  /** Starts from rest with these inputs: every LED is sent again as the budget allows. */
  start(inputs: ArrayLike<number>): void {
    if (this.running) return;
    this.twin.reset();
    this.setInputs(inputs);
    this.leds.forget();
    for (const p of this.pending) p.fill(0);
    this.remainderMs = 0;
    for (const layer of this.history) for (const times of layer) times.length = 0;
    this.lastTickMs = this.scheduler.now();
    this.lastReportMs = this.lastTickMs;
    // A timer that re-arms itself (as platform/scheduler.ts's repeatEvery, on this clock).
    let handle: TimerHandle | null = null;
    let stopped = false;
    const arm = (): void => {
      handle = this.scheduler.setTimeout(() => {
        if (stopped) return;
        arm();
        this.tick();
      }, TICK_MS);
    };
    arm();
    this.stopTicking = () => {
      stopped = true;
      if (handle !== null) this.scheduler.clearTimeout(handle);
    };
  }

  stop(): void {
    this.stopTicking?.();
    this.stopTicking = null;
  }

  /** A press or a release: the input neurons fire at `value × maxRate` from now on. */
  setInputs(values: ArrayLike<number>): void {
    this.inputs.set(Array.from(values, (v) => (v < 0 ? 0 : v > 1 ? 1 : v)));
    this.twin.setInputs(this.inputs);
  }

  /** Advances the twin by `ms` at once and updates the LEDs (what a tick does, for tests and the bench that drive time themselves). */
  advance(ms: number): void {
    // Step by step, so each spike is remembered at its own moment (a long catch-up after a busy
    // moment would otherwise date all its spikes at its end, and a count over a window would be off).
    const twin = this.twin;
    for (const t of this.tickSpikes) t.fill(0);
    this.remainderMs += ms;
    const dt = twin.params.dtMs;
    while (this.remainderMs >= dt - 1e-9) {
      this.remainderMs -= dt;
      if (twin.step() === 0) continue;
      for (let l = 0; l < this.pending.length; l++) {
        const s = twin.spikes[l]!;
        for (let n = 0; n < s.length; n++) {
          if (s[n]! === 0) continue;
          this.pending[l]![n] = this.pending[l]![n]! + s[n]!;
          this.tickSpikes[l]![n] = this.tickSpikes[l]![n]! + s[n]!;
          this.remember(l, n, s[n]!);
        }
      }
    }
    const shows = twin.potentials.map((p, l) => (l === 0 ? this.inputs : p));
    this.leds.update(this.scheduler.now(), this.tickSpikes, shows);
  }

  /** The answer the outputs' spikes give now. */
  answer(): number[] {
    return spikingAnswer(this.twin, this.rig.neurons.rule);
  }

  /** What `/api/state.neurons` shows. */
  state(): SpikingState {
    const agreement = this.agreement ?? { right: 0, of: 0, windowMs: this.twin.params.windowMs, remedy: 'none' as const, differing: [] };
    return {
      model: 'spiking',
      agreement,
      potential: this.twin.potentials.map((p) => Array.from(p, round3)),
      spikes: this.twin.windowCounts.map((c) => Array.from(c)),
      answer: this.answer(),
    };
  }

  /** Keeps the node's spikes of the last SPIKE_HISTORY_MS (several in one advance share its end time). */
  private remember(layer: number, node: number, count: number): void {
    const times = this.history[layer]![node]!;
    const now = this.twin.timeMs;
    for (let k = 0; k < count; k++) times.push(now);
    while (times.length > 0 && times[0]! <= now - SPIKE_HISTORY_MS) times.shift();
  }

  private tick(): void {
    const now = this.scheduler.now();
    const elapsed = Math.min(MAX_CATCH_UP_MS, Math.max(0, now - this.lastTickMs));
    this.lastTickMs = now;
    this.advance(elapsed);
    if (now - this.lastReportMs >= SPIKE_REPORT_MS) {
      this.lastReportMs = now;
      const spikes = this.pending.map((p) => Array.from(p));
      for (const p of this.pending) p.fill(0);
      this.emit('spike', { timeMs: this.twin.timeMs, spikes, potential: this.twin.potentials.map((p) => Array.from(p, round3)), answer: this.answer() });
    }
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
