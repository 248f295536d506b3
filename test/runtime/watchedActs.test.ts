/**
 * The acts a visitor watches, counted in tries (never timed): the same seeds and stepper as
 * `npm run bench -- pace` (bench/pace.ts), against the targets at each rig's pace.
 */
import { describe, expect, it } from 'vitest';
import { actTries, SEEDS } from '../../bench/pace.js';

describe('the acts a visitor watches, from a random guess at the rig’s pace', () => {
  it('XOR: at least 95 of 100 seeds get all four rows right within 30 s', async () => {
    const { pace, tries } = await actTries('xor', (p) => p * 30);
    expect(tries).toHaveLength(SEEDS);
    expect(tries.filter((t) => t <= pace * 30).length).toBeGreaterThanOrEqual(95);
  });

  it('digits7: at least 95 of 100 seeds get all ten digits right within 90 s', async () => {
    // The old search (one weight or all of them at a time) got 70 of 100 here.
    const { pace, tries } = await actTries('digits7', (p) => p * 90);
    expect(pace).toBe(60);
    expect(tries.filter((t) => t <= pace * 90).length).toBeGreaterThanOrEqual(95);
  });
});
