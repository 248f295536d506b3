/**
 * What the boards show in spiking mode, within the protocol's window. Each neuron's LED follows its
 * membrane potential (dark at rest or below, brighter as it charges towards the threshold) and
 * pulses (FIRE) at each spike; an input neuron's LED shows its input, and pulses at its spikes. A
 * board takes at most about 30 commands a second (firmware/PROTOCOL.md), and a spiking network
 * would send far more (a sawtooth potential, ten spikes a second per channel), so every command is
 * paid from the board's budget: a token bucket that refills `perSecond` a second and holds at most
 * `burst`, so no second of any board ever carries more than perSecond + burst commands.
 *
 * An input's level (a button latched or let go: rare) is paid first, then the spikes (they are what
 * the visitor counts); a neuron's level is sent only when it has
 * changed visibly (by `visibleStep` of the potential) and the budget has room after the spikes with
 * one command left over for the next spike, the neurons furthest from what their LED shows first. A spike the budget cannot pay is dropped and
 * counted: the LED then still shows the neuron charging and resetting.
 *
 * Pure bookkeeping around a sink (the rig's boards); time comes from the caller.
 */
import { ledLevel } from './cascade.js';

/** Where the commands go: the channels that show a node, and the boards they are on. */
export interface SpikeSink {
  /** The ids of the boards whose channels show this node (one entry per channel). */
  boardsOf(layer: number, node: number): readonly string[];
  setLevel(layer: number, node: number, level: number): void;
  /** A FIRE pulse of `ms` on the channels that show this node. */
  flicker(layer: number, node: number, ms: number): void;
}

export interface SpikingLedOptions {
  /** Commands a second each board's budget refills by. Default 25. */
  perSecond: number;
  /** Commands a board may send at once after a quiet spell. Default 5: never more than 30 in a second. */
  burst: number;
  /** A level is sent again only when the potential it shows moved this far (thresholds). Default 0.1. */
  visibleStep: number;
  /** The FIRE pulse per spike: short, so spikes 100 ms apart stay apart. Default 50 ms. */
  fireMs: number;
  /** The rig's perceptual correction (cascade.gamma). */
  gamma: number;
}

export const SPIKING_LED_DEFAULTS: Omit<SpikingLedOptions, 'gamma'> = { perSecond: 25, burst: 5, visibleStep: 0.1, fireMs: 50 };

/** What the driver has sent and dropped since it began (the bench prints it; tests read it). */
export interface SpikingLedCounts {
  fires: number;
  levels: number;
  droppedFires: number;
}

/** Levels leave this many commands in each board's budget, so the next spike can always be flashed. */
const LEVEL_RESERVE = 1;

export class SpikingLeds {
  private readonly options: SpikingLedOptions;
  private readonly tokens = new Map<string, number>();
  /** shown[layer][node]: the potential (or input) the LED was last set to show; NaN before the first. */
  private readonly shown: Float64Array[];
  private lastMs: number | null = null;
  readonly counts: SpikingLedCounts = { fires: 0, levels: 0, droppedFires: 0 };

  constructor(
    private readonly sink: SpikeSink,
    sizes: readonly number[],
    options: Partial<SpikingLedOptions> & { gamma: number },
  ) {
    this.options = { ...SPIKING_LED_DEFAULTS, ...options };
    this.shown = sizes.map((n) => new Float64Array(n).fill(Number.NaN));
  }

  /** Forgets what the LEDs show (a board came back, the mode began): every level is sent again as the budget allows. */
  forget(): void {
    for (const layer of this.shown) layer.fill(Number.NaN);
  }

  /**
   * One tick at `nowMs`: `spikes[layer][node]` spiked since the last tick, `shows[layer][node]` is
   * what the LED should show (a potential in thresholds, or an input's value, 0..1 lit).
   */
  update(nowMs: number, spikes: readonly ArrayLike<number>[], shows: readonly ArrayLike<number>[]): void {
    this.refill(nowMs);
    const { fireMs, visibleStep, gamma } = this.options;
    // The neurons whose LEDs are furthest from what they should show go first.
    const due: { l: number; n: number; show: number; gap: number }[] = [];
    shows.forEach((layer, l) => {
      for (let n = 0; n < layer.length; n++) {
        const show = clip01(layer[n]!);
        const was = this.shown[l]![n]!;
        const gap = Number.isNaN(was) ? Infinity : Math.abs(show - was);
        // Dark is dark: reaching rest is always worth a command, however small the step.
        if (gap >= visibleStep || (show === 0 && was > 0) || (show === 1 && was < 1 && gap > 0)) due.push({ l, n, show, gap });
      }
    });
    due.sort((a, b) => b.gap - a.gap);
    const sendLevel = (d: (typeof due)[number], reserve: number): void => {
      if (!this.pay(d.l, d.n, reserve)) return;
      this.shown[d.l]![d.n] = d.show;
      this.sink.setLevel(d.l, d.n, ledLevel(d.show, gamma));
      this.counts.levels++;
    };
    // An input's level (a button latched or let go) and a first level before the spikes: else a
    // board whose neurons all spike at the top rate would never show a pressed input as lit.
    const urgent = (d: (typeof due)[number]): boolean => d.l === 0 || d.gap === Infinity;
    for (const d of due) if (urgent(d)) sendLevel(d, 0);
    spikes.forEach((layer, l) => {
      for (let n = 0; n < layer.length; n++) {
        if (!(layer[n]! > 0)) continue;
        if (this.pay(l, n)) {
          this.sink.flicker(l, n, fireMs);
          this.counts.fires++;
        } else this.counts.droppedFires++;
      }
    });
    for (const d of due) if (!urgent(d)) sendLevel(d, LEVEL_RESERVE);
  }

  private refill(nowMs: number): void {
    const elapsed = this.lastMs === null ? Infinity : Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    const { perSecond, burst } = this.options;
    for (const [board, tokens] of this.tokens) this.tokens.set(board, Math.min(burst, tokens + (perSecond * elapsed) / 1000));
  }

  /** Takes one command from every board that shows the node; false (and nothing taken) when one of them has none left. */
  private pay(layer: number, node: number, reserve = 0): boolean {
    const boards = this.sink.boardsOf(layer, node);
    const need = new Map<string, number>();
    for (const b of boards) need.set(b, (need.get(b) ?? 0) + 1);
    for (const [b, n] of need) if (this.balance(b) < n + reserve) return false;
    for (const [b, n] of need) this.tokens.set(b, this.balance(b) - n);
    return true;
  }

  private balance(board: string): number {
    const tokens = this.tokens.get(board);
    if (tokens !== undefined) return tokens;
    this.tokens.set(board, this.options.burst);
    return this.options.burst;
  }
}

function clip01(x: number): number {
  return Number.isFinite(x) ? (x < 0 ? 0 : x > 1 ? 1 : x) : 0;
}
