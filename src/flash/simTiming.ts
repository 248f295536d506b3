/**
 * Timing on a simulator's virtual clock, so flashing an emulated board runs in emulated time (tests,
 * bench): a wait runs the emulator, 1 ms at a time, until the link has what it waits for.
 */
import type { SimClock } from '../sim/avr/simClock.js';
import type { FlashTiming } from './link.js';

export function simTiming(clock: SimClock, nowMs: () => number): FlashTiming {
  return {
    sleep: (ms) => clock.runFor(ms),
    waitFor: (ready, ms) => clock.runUntil(ready, ms).then(
      () => true,
      () => false,
    ),
    now: nowMs,
  };
}
