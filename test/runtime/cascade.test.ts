import { afterEach, describe, expect, it, vi } from 'vitest';
import { CascadePlayer, ledLevel, planCascade, type CascadeStep } from '../../src/runtime/cascade.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const trace = {
  inputs: [1, 0],
  layers: [
    { sums: [2, -2, 0], activations: [0.88, 0.12, 0.5], fired: [true, false, true] },
    { sums: [3], activations: [0.95], fired: [true] },
  ],
  outputs: [0.95],
};

describe('planCascade', () => {
  it('lights the inputs first, then each layer, with gamma-corrected levels', () => {
    const steps = planCascade(trace, 2.2);
    expect(steps.map((s) => s.layer)).toEqual([0, 1, 2]);
    expect(steps[0]!.levels).toEqual([255, 0]);
    expect(steps[1]!.levels).toEqual([ledLevel(0.88, 2.2), ledLevel(0.12, 2.2), ledLevel(0.5, 2.2)]);
    expect(steps[1]!.fired).toEqual([true, false, true]);
  });

  it('corrects for perception: half activation is far below half PWM', () => {
    expect(ledLevel(0.5, 2.2)).toBe(55); // 255 * 0.5^2.2 = 55.49
    expect(ledLevel(0, 2.2)).toBe(0);
    expect(ledLevel(1, 2.2)).toBe(255);
  });

  it('clamps activations outside [0, 1] and NaN (bad input: relu above 1, NaN)', () => {
    expect(ledLevel(7, 2.2)).toBe(255);
    expect(ledLevel(-3, 2.2)).toBe(0);
    expect(ledLevel(Number.NaN, 2.2)).toBe(0);
  });

  it('maps tanh from [-1, 1] onto the LED range', () => {
    const steps = planCascade({ ...trace, layers: [{ sums: [0], activations: [-1], fired: [false] }] }, 1, ['', 'tanh']);
    expect(steps[1]!.levels).toEqual([0]);
  });
});

describe('CascadePlayer', () => {
  afterEach(() => vi.useRealTimers());

  it('shows one layer per step delay', () => {
    vi.useFakeTimers();
    const shown: number[] = [];
    const player = new CascadePlayer((step) => shown.push(step.layer), nodeScheduler);
    player.play(planCascade(trace, 2.2), 300);
    expect(shown).toEqual([0]);
    vi.advanceTimersByTime(299);
    expect(shown).toEqual([0]);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual([0, 1]);
    vi.advanceTimersByTime(300);
    expect(shown).toEqual([0, 1, 2]);
    expect(player.scheduled).toBe(0);
  });

  it('shows everything at once with a step delay of 0', () => {
    const shown: number[] = [];
    new CascadePlayer((step) => shown.push(step.layer), nodeScheduler).play(planCascade(trace, 2.2), 0);
    expect(shown).toEqual([0, 1, 2]);
  });

  it('fault: button mashing (1000 passes in 1 s) never queues more than one cascade', () => {
    vi.useFakeTimers();
    const shown: Array<[number, number]> = [];
    const player = new CascadePlayer((step: CascadeStep, id) => shown.push([id, step.layer]), nodeScheduler);
    let last = 0;
    for (let i = 0; i < 1000; i++) {
      last = player.play(planCascade(trace, 2.2), 300);
      expect(player.scheduled).toBeLessThanOrEqual(2);
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(10_000);
    // Every pass showed its inputs at once; only the last one got to show its deeper layers.
    expect(shown.filter(([, layer]) => layer > 0)).toEqual([
      [last, 1],
      [last, 2],
    ]);
  });
});
