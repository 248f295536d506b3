/**
 * A small seeded random number generator, so that a training run repeats exactly for a given seed:
 * a workshop can say "try seed 7" and everybody sees the same network learn the same way.
 *
 * The uniform source is mulberry32 (32 bits of state, passes the usual statistical batteries well
 * enough for weight initialisation and perturbation search); the gaussian comes from the
 * Box–Muller transform, which turns two uniforms into two independent normals (we keep the spare).
 */

/** A seeded source of random numbers. */
export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A uniform number in [0, 1). */
  next(): number;
  /** A normally distributed number with mean 0 and standard deviation 1. */
  gaussian(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Creates a generator from a seed. Any finite number works as a seed; it is reduced to 32 bits,
 * so seeds that differ only beyond 32 bits (or in their fraction) give the same sequence.
 */
export function createRng(seed: number): Rng {
  let state = (Number.isFinite(seed) ? Math.trunc(seed) : 0) >>> 0;
  let spare = 0;
  let hasSpare = false;

  const next = (): number => {
    // mulberry32, written out so that it stays a handful of integer operations per number.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const gaussian = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // 1 - next() is in (0, 1], so the logarithm never sees 0.
    const u = 1 - next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  };

  const int = (n: number): number => Math.floor(next() * n);

  return { seed, next, gaussian, int };
}
