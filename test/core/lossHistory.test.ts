import { describe, expect, it } from 'vitest';
import { LossHistory } from '../../src/core/index.js';

describe('loss history', () => {
  it('keeps every step until full, then downsamples evenly and stays bounded', () => {
    const h = new LossHistory(8);
    for (let s = 0; s < 8; s++) h.record(s, 1 / (s + 1));
    expect(h.points().map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (let s = 8; s <= 1000; s++) h.record(s, 1 / (s + 1));
    const steps = h.points().map((p) => p.step);
    expect(steps.length).toBeLessThanOrEqual(9);
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBe(1000);
    const gaps = steps.slice(1, -1).map((s, i) => s - steps[i]!);
    expect(new Set(gaps).size).toBe(1);
    expect(h.stride).toBe(gaps[0]);
  });
});
