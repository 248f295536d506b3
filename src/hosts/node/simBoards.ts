/**
 * Emulated boards on the Node host: their clock on the Node scheduler, and a SimRegistry (src/sim)
 * given the shipped board catalogue and the package's hex files. What the exhibit's sim source, the
 * CLI, the benches and the tests use to make boards.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { SimClock, type SimClockOptions } from '../../sim/avr/simClock.js';
import { SimRegistry } from '../../sim/simBinding.js';
import { packageHexFiles, shippedCatalogue } from './boardFiles.js';
import { nodeScheduler } from './nodeScheduler.js';

/** A SimClock's options on Node, where the scheduler is always Node's. */
export type NodeClockOptions = Omit<SimClockOptions, 'scheduler'>;

/** A clock for emulated boards (realtime by default; `mode: 'virtual'` for tests). */
export function nodeSimClock(options: NodeClockOptions = {}): SimClock {
  return new SimClock({ scheduler: nodeScheduler, ...options });
}

/** A registry of emulated boards with its own clock. */
export function nodeSimRegistry(clock: NodeClockOptions = {}, catalogue: BoardCatalogue = shippedCatalogue()): SimRegistry {
  return new SimRegistry({ catalogue, files: packageHexFiles, clock: nodeSimClock(clock) });
}
