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
import { repeatEvery, type Scheduler } from '../platform/scheduler.js';
import type { ResolvedRig } from './rig/validate.js';
import { SpikingLeds, type SpikeSink, type SpikingLedCounts } from './spikingLeds.js';

/** How often the twin is advanced and the LEDs updated (ms): 50 times a second, well under a board's budget per tick. */
export const TICK_MS = 20;
/** The `spike` report at most this often (ms): enough for a page to draw dots travelling, little for the stream. */
export const SPIKE_REPORT_MS = 100;
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

export interface SpikingModeEvents {
  spike: [report: SpikeReport];
}

export class SpikingMode extends EventEmitter<SpikingModeEvents> {
  private twin: SpikingNetwork;
  private readonly leds: SpikingLeds;
  private report: AgreementReport | null = null;
  private stopTicking: (() => void) | null = null;
  private lastTickMs = 0;
  private lastReportMs = 0;
  private readonly inputs: Float64Array;
  /** Spikes since the last report, per layer. */
  private readonly pending: Int32Array[];

  constructor(
    private readonly network: Network,
    private readonly rig: ResolvedRig,
    sink: SpikeSink,
    private readonly scheduler: Scheduler,
  ) {
    super();
    this.twin = createSpikingNetwork(network, rig.neurons.params);
    this.leds = new SpikingLeds(sink, network.sizes, { gamma: rig.cascade.gamma });
    this.inputs = new Float64Array(network.sizes[0]!);
    this.pending = network.sizes.map((n) => new Int32Array(n));
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
      this.twin = createSpikingNetwork(this.network, { ...params, windowMs: report.windowMs });
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
    this.lastTickMs = this.scheduler.now();
    this.lastReportMs = this.lastTickMs;
    this.stopTicking = repeatEvery(this.scheduler, TICK_MS, () => this.tick());
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
    this.twin.advance(ms);
    for (let l = 0; l < this.pending.length; l++) {
      const s = this.twin.spikes[l]!;
      const p = this.pending[l]!;
      for (let n = 0; n < s.length; n++) p[n] = p[n]! + s[n]!;
    }
    const shows = this.twin.potentials.map((p, l) => (l === 0 ? this.inputs : p));
    this.leds.update(this.scheduler.now(), this.twin.spikes, shows);
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
