/**
 * Emulated boards in the browser: a SimRegistry (src/sim, the same as on Node) given the bundled
 * board catalogue and hex files, its clock on the browser scheduler. Made in a dedicated worker, where
 * a hidden tab does not slow its timers (browserScheduler.ts says why), this is what runs the real
 * firmware behind the real bootloaders at real time on the site.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { SimClock, type SimClockOptions } from '../../sim/avr/simClock.js';
import { SimRegistry } from '../../sim/simBinding.js';
import { browserScheduler } from './browserScheduler.js';
import { bundledCatalogue, bundledHexFiles } from './bundledBoards.js';

/** A SimClock's options in a browser, where the scheduler is always the browser's. */
export type BrowserClockOptions = Omit<SimClockOptions, 'scheduler'>;

/** A clock for emulated boards (realtime by default). */
export function browserSimClock(options: BrowserClockOptions = {}): SimClock {
  return new SimClock({ scheduler: browserScheduler, ...options });
}

/** A registry of emulated boards with its own clock, from the bundled catalogue and firmware. */
export function browserSimRegistry(clock: BrowserClockOptions = {}, catalogue: BoardCatalogue = bundledCatalogue()): SimRegistry {
  return new SimRegistry({ catalogue, files: bundledHexFiles, clock: browserSimClock(clock) });
}
