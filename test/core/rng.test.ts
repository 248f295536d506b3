import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/index.js';

describe('seeded rng', () => {
  it('repeats exactly for the same seed and differs for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it('gives uniforms in [0, 1) and ints in [0, n)', () => {
    const r = createRng(7);
    for (let i = 0; i < 10_000; i++) {
      const u = r.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = r.int(5);
      expect(Number.isInteger(k) && k >= 0 && k < 5).toBe(true);
    }
  });

  it('gives gaussians with mean about 0 and standard deviation about 1', () => {
    const r = createRng(9);
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const g = r.gaussian();
      sum += g;
      sq += g * g;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sq / n - mean * mean - 1)).toBeLessThan(0.05);
  });
});
