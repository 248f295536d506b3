/**
 * Time as the neutral code gets it from its host. The emulator's clock, the flasher's deadlines and
 * anything else that must run the same on Node and in a browser tab (or a worker) asks this object,
 * never the host's own timer functions: Node lets the event loop run with setImmediate and must not
 * be kept alive by a background timer (`unref`), a browser has neither and uses a MessageChannel.
 * The Node host's is src/hosts/node/nodeScheduler.ts.
 */

declare const timerBrand: unique symbol;
/** What `setTimeout` returns: only good for handing back to `clearTimeout`. */
export type TimerHandle = { readonly [timerBrand]: true };

export interface Scheduler {
  /** Monotonic milliseconds (performance.now() on both hosts): for measuring, never for showing. */
  now(): number;
  /**
   * Calls `fn` once after `ms`. A pending timer alone never keeps a Node process alive (the emulator's
   * slices must not hold a CLI open); what should, holds `keepAlive()`.
   */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Resolves once the host's event loop has run whatever was waiting (I/O, timers due, messages). */
  yield(): Promise<void>;
  /**
   * Keeps the host running until the returned function is called, as a real port's open file does on
   * Node (an open emulated port holds it the same way); a browser tab has nothing to hold.
   */
  keepAlive(): () => void;
}

/**
 * Calls `fn` every `ms` until the returned function is called: a timer that re-arms itself, since a
 * host's scheduler only has one-shot timers (like each of its timers, it never keeps a Node process alive).
 */
export function repeatEvery(scheduler: Scheduler, ms: number, fn: () => void): () => void {
  let handle: TimerHandle | null = null;
  let stopped = false;
  const arm = (): void => {
    handle = scheduler.setTimeout(() => {
      if (stopped) return;
      arm();
      fn();
    }, ms);
  };
  arm();
  return () => {
    stopped = true;
    if (handle !== null) scheduler.clearTimeout(handle);
    handle = null;
  };
}
