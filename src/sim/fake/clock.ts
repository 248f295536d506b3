/**
 * The fake board's time source, injectable so tests can run a board's debounce and silence watchdog
 * on virtual time (test/helpers/manualClock.ts). `systemClock` looks up `Date.now`/`setTimeout` at
 * call time, so vitest's fake timers drive it too.
 */
export interface FakeClock {
  /** Milliseconds, monotonic enough for a board's millis(). */
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: FakeClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
