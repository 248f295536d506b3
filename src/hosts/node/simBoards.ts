/**
 * Emulated boards on the Node host: a SimRegistry (src/sim) given the shipped board catalogue, the
 * package's hex files and a clock. What the exhibit's sim source, the CLI, the benches and the
 * tests use to make boards.
 */
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { SimClock, type SimClockOptions } from '../../sim/avr/simClock.js';
import { SimRegistry } from '../../sim/simBinding.js';
import { packageHexFiles, shippedCatalogue } from './boardFiles.js';

/** A registry of emulated boards with its own clock (realtime by default; `mode: 'virtual'` for tests). */
export function nodeSimRegistry(clock: SimClockOptions = {}, catalogue: BoardCatalogue = shippedCatalogue()): SimRegistry {
  return new SimRegistry({ catalogue, files: packageHexFiles, clock: new SimClock(clock) });
}
