/**
 * The Scheduler (src/platform/scheduler.ts) on Node: performance.now(), timers that do not keep the
 * process alive on their own (unref), setImmediate to let I/O through, and an interval that does
 * keep it alive while an emulated port is open, as an open file descriptor would.
 */
import type { Scheduler, TimerHandle } from '../../platform/scheduler.js';

export const nodeScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref() as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
  yield: () => new Promise((resolve) => setImmediate(resolve)),
  keepAlive: () => {
    const hold = setInterval(() => undefined, 1 << 30);
    return () => clearInterval(hold);
  },
};
