/**
 * The one neuron's straight line on the decision map (dashboard/exhibit/js/line.js, loaded by URL): where it
 * lies, where it crosses the drawn square, and which examples it puts on the wrong side. XOR has
 * two of them wrong whatever the weights: that is what the story's first act shows.
 */
import { describe, expect, it } from 'vitest';

const { boundaryLine, clipToSquare, wrongExamples } = await import(new URL('../../../dashboard/exhibit/js/line.js', import.meta.url).href);

const neuron = (wa: number | string, wb: number, bias: number, activation = 'step', threshold = 0.5) => ({
  format: 'neuroboard.network', version: 1, sizes: [2, 1], layers: [{ activation, threshold, weights: [wa, wb], biases: [bias] }],
});
const table = (targets: number[]) => [[0, 0], [0, 1], [1, 0], [1, 1]].map((inputs, i) => ({ inputs, targets: [targets[i]] }));

describe('boundaryLine', () => {
  it('is where the step fires (sum 0) for the perceptron, and where the sigmoid crosses its threshold', () => {
    expect(boundaryLine(neuron(1, 1, -1.5))).toEqual({ wa: 1, wb: 1, c: -1.5 });
    const s = boundaryLine(neuron(2, 2, -1, 'sigmoid', 0.5));
    expect(s).toEqual({ wa: 2, wb: 2, c: -1 });
    const high = boundaryLine(neuron(2, 2, -1, 'sigmoid', 0.8));
    expect(high.c).toBeCloseTo(-1 - Math.log(4), 12);
    expect(boundaryLine(neuron('-0', 0, 1))).toBeNull(); // no weights: no line
  });

  it('draws no line for a network with a hidden layer, or with another shape', () => {
    const hidden = { sizes: [2, 3, 1], layers: [{ activation: 'sigmoid', threshold: 0.5, weights: [1, 1, 1, 1, 1, 1], biases: [0, 0, 0] }, { activation: 'sigmoid', threshold: 0.5, weights: [1, 1, 1], biases: [0] }] };
    expect(boundaryLine(hidden)).toBeNull();
    expect(boundaryLine({ sizes: [3, 1], layers: [{ activation: 'step', threshold: 0.5, weights: [1, 1, 1], biases: [0] }] })).toBeNull();
  });
});

describe('clipToSquare', () => {
  it('gives the two points where the line leaves the square, and null when it misses it', () => {
    // a + b = 1.5 crosses the square [-0.1, 1.1]² at a = 0.4 (top) and a = 1.1 (right)
    const ends = clipToSquare({ wa: 1, wb: 1, c: -1.5 }, -0.1, 1.1);
    expect(ends.map((p: number[]) => p.map((v) => Number(v.toFixed(9))))).toEqual(expect.arrayContaining([[0.4, 1.1], [1.1, 0.4]]));
    expect(ends).toHaveLength(2);
    expect(clipToSquare({ wa: 1, wb: 0, c: -0.5 }, 0, 1)).toEqual([[0.5, 0], [0.5, 1]]); // upright
    expect(clipToSquare({ wa: 1, wb: 1, c: -5 }, 0, 1)).toBeNull();
    // through two corners: the diagonal, each corner once
    expect(clipToSquare({ wa: 1, wb: -1, c: 0 }, 0, 1)).toEqual([[0, 0], [1, 1]]);
  });
});

describe('wrongExamples', () => {
  it('finds none for AND and OR learned by one neuron, and at least one for XOR whatever the line', () => {
    expect(wrongExamples(neuron(1, 1, -1.5), table([0, 0, 0, 1]))).toEqual([]);
    expect(wrongExamples(neuron(1, 1, -0.5), table([0, 1, 1, 1]))).toEqual([]);
    expect(wrongExamples(neuron(1, 1, -0.5), table([0, 1, 1, 0]))).toEqual([3]);
    expect(wrongExamples(neuron(1, -1, -0.5), table([0, 1, 1, 0]))).toEqual([1]);
    for (const [wa, wb, c] of [[1, 1, -1.5], [-1, 1, 0.5], [0.3, -2, 0.7], [2, 2, -1]]) {
      expect(wrongExamples(neuron(wa!, wb!, c!), table([0, 1, 1, 0])).length).toBeGreaterThan(0);
    }
  });
});
