import type { Network } from '../core/network.js';
import type { TrainingRequest } from './trainingRequest.js';

/** How long a neuron whose weights just changed flickers on its board. */
const FLICKER_MS = 40;

/** The neurons whose incoming weights changed flicker: one short fire command per channel, so it stays cheap. */
export function flickerChanged(boards: { flicker(layer: number, node: number, ms: number): void }, net: Network, changed: readonly number[]): void {
  for (const [layer, node] of changedNodes(net, changed)) boards.flicker(layer, node, FLICKER_MS);
}

/** Tries a second of a run to be watched when the rig sets no pace of its own. */
export const WATCH_PACE = 20;

/**
 * A training request with the rig's settings filled in: its pace (a run to be watched — `watch`, or
 * from a random guess — never at full speed unless asked), its target error, and a fresh seed for each
 * start from a random guess (a fixed default seed replayed the same run every time).
 */
export function pacedRequest(training: { stepsPerSecond: number; targetLoss: number }, request: TrainingRequest): TrainingRequest {
  const rigPace = training.stepsPerSecond;
  const watched = request.watch === true || request.fromRandomGuess === true;
  const seed = request.fromRandomGuess ? Math.floor(Math.random() * 0x1_0000_0000) : undefined;
  const asked = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined)) as TrainingRequest;
  return { stepsPerSecond: watched && rigPace === 0 ? WATCH_PACE : rigPace, targetLoss: training.targetLoss, seed, ...asked };
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
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly running: () => boolean,
    private readonly refresh: () => void,
    private readonly everyMs = 250,
  ) {}

  /** Starts refreshing (once; a second call while it runs changes nothing). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running()) return this.cancel();
      this.refresh();
    }, this.everyMs);
    this.timer.unref?.();
  }

  cancel(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
