/**
 * How learning shows on the boards: the neurons whose weights a try changed flicker, and while a run
 * goes the LEDs are refreshed a few times a second so people see the network getting better.
 */
import type { Network } from '../core/network.js';
import { repeatEvery, type Scheduler } from '../platform/scheduler.js';

/** How long a neuron whose weights just changed flickers on its board. */
const FLICKER_MS = 40;

/** The neurons whose incoming weights changed flicker: one short fire command per channel, so it stays cheap. */
export function flickerChanged(boards: { flicker(layer: number, node: number, ms: number): void }, net: Network, changed: readonly number[]): void {
  for (const [layer, node] of changedNodes(net, changed)) boards.flicker(layer, node, FLICKER_MS);
}

/**
 * The nodes (as [layer, node], layer 1 = the first past the inputs) whose incoming weights or bias
 * are among the changed `params` indices. See network.ts for how `params` is laid out.
 */
export function changedNodes(net: Network, changed: readonly number[]): [number, number][] {
  const hit = new Set<string>();
  const out: [number, number][] = [];
  let offset = 0;
  net.layers.forEach((layer, l) => {
    const weights = layer.size * layer.inputSize;
    const end = offset + weights + layer.size;
    for (const k of changed) {
      if (k < offset || k >= end) continue;
      const node = k - offset < weights ? Math.floor((k - offset) / layer.inputSize) : k - offset - weights;
      const key = `${l + 1}:${node}`;
      if (!hit.has(key)) (hit.add(key), out.push([l + 1, node]));
    }
    offset = end;
  });
  return out;
}

/**
 * How learning shows on the boards while it runs: the LEDs are refreshed a few times a second so
 * people see the network getting better, and stop being refreshed once training ends.
 */
export class TrainingRefresh {
  private stopTimer: (() => void) | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly running: () => boolean,
    private readonly refresh: () => void,
    private readonly everyMs = 250,
  ) {}

  /** Starts refreshing (once; a second call while it runs changes nothing). */
  start(): void {
    if (this.stopTimer) return;
    this.stopTimer = repeatEvery(this.scheduler, this.everyMs, () => {
      if (!this.running()) return this.cancel();
      this.refresh();
    });
  }

  cancel(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }
}
