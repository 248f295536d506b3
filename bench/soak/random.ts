/** A small seeded generator for fault schedules and fuzz lines, so a failing soak can be replayed by its seed. */
import { createRng } from '../../src/core/rng.js';

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** The core's seeded generator (mulberry32), with the helpers a fault schedule wants. */
export function seededRandom(seed: number): Random {
  const rng = createRng(seed);
  const next = (): number => rng.next();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}

/** The value at quantile q of an ascending array (NaN when empty). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
