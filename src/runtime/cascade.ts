/**
 * The cascade: how one forward pass is shown on the boards. Layer 0 (the inputs) lights first, then
 * each following layer after a pause, so people see the signal travel from board to board.
 *
 * `planCascade` is pure (what each layer's LEDs show); `CascadePlayer` owns the timers. A new pass
 * supersedes one still playing: its remaining steps are dropped, so button mashing never builds a
 * queue of stale cascades.
 */
import type { TraceSnapshot } from '../core/forward.js';
import type { Scheduler, TimerHandle } from '../platform/scheduler.js';

export interface CascadeStep {
  /** 0 is the input layer, then one per layer of the network. */
  layer: number;
  /** LED level 0-255 per node, perceptually corrected. */
  levels: number[];
  /** Which nodes fired (input nodes "fire" when on). */
  fired: boolean[];
  /** The raw activations, for the dashboard. */
  activations: number[];
}

/**
 * LED level for an activation in [0, 1]. Eyes see brightness roughly as a power of the PWM duty, so
 * without the gamma an activation of 0.5 would look almost fully on.
 */
export function ledLevel(activation: number, gamma: number): number {
  const a = Number.isFinite(activation) ? Math.min(1, Math.max(0, activation)) : 0;
  return Math.round(255 * a ** gamma);
}

/** Maps an activation to [0, 1] for display: tanh spans [-1, 1], relu is unbounded above. */
export function displayActivation(activation: number, kind: string): number {
  return kind === 'tanh' ? (activation + 1) / 2 : activation;
}

/** The steps of one pass, inputs first. `kinds[l]` is layer l's activation (index 0 unused). */
export function planCascade(trace: TraceSnapshot, gamma: number, kinds: readonly string[] = []): CascadeStep[] {
  const steps: CascadeStep[] = [
    {
      layer: 0,
      activations: trace.inputs,
      levels: trace.inputs.map((v) => ledLevel(v, gamma)),
      fired: trace.inputs.map((v) => v >= 0.5),
    },
  ];
  trace.layers.forEach((layer, i) => {
    const kind = kinds[i + 1] ?? 'sigmoid';
    steps.push({
      layer: i + 1,
      activations: layer.activations,
      levels: layer.activations.map((a) => ledLevel(displayActivation(a, kind), gamma)),
      fired: layer.fired,
    });
  });
  return steps;
}

/** One-shot timers: the host's scheduler, or time a scenario dilates. */
export type Timers = Pick<Scheduler, 'setTimeout' | 'clearTimeout'>;

/** Plays cascades one at a time; a newer one supersedes the rest of an older one. */
export class CascadePlayer {
  private readonly apply: (step: CascadeStep, passId: number) => void;
  private readonly timers: Timers;
  private readonly pending = new Set<TimerHandle>();
  private passId = 0;

  constructor(apply: (step: CascadeStep, passId: number) => void, timers: Timers) {
    this.apply = apply;
    this.timers = timers;
  }

  /** Shows `steps`, `stepDelayMs` apart (all at once when 0). Returns the pass id. */
  play(steps: readonly CascadeStep[], stepDelayMs: number): number {
    this.cancel();
    const id = ++this.passId;
    steps.forEach((step, i) => {
      if (i === 0 || stepDelayMs === 0) {
        this.apply(step, id);
        return;
      }
      const handle = this.timers.setTimeout(() => {
        this.pending.delete(handle);
        this.apply(step, id);
      }, i * stepDelayMs);
      this.pending.add(handle);
    });
    return id;
  }

  /** Drops whatever is still to be shown. */
  cancel(): void {
    for (const handle of this.pending) this.timers.clearTimeout(handle);
    this.pending.clear();
  }

  /** How many steps are scheduled and not yet shown (bounded by the layer count). */
  get scheduled(): number {
    return this.pending.size;
  }
}
