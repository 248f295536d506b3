import { describe, expect, it } from 'vitest';
import { allocateNetwork, createForwardRunner } from '../../src/core/index.js';

// A 2-2-1 sigmoid network with hand-picked weights, worked out on paper:
//   inputs x = [1, 0.5]
//   hidden 0: sum = 0.5·1 + (−1)·0.5 + 0        = 0    → σ(0)   = 0.5            (fires: 0.5 >= 0.5)
//   hidden 1: sum = 1.5·1 + 2·0.5 + (−1)        = 1.5  → σ(1.5) = 1/(1+e^−1.5) = 0.8175744761936437 (fires)
//   output:   sum = 1·0.5 + (−2)·0.8175744761936437 + 0.5 = −0.6351489523872873
//             σ(−0.6351489523872873) = 1/(1+e^0.6351489523872873) = 0.3463439470249896 (does not fire)
function handNetwork() {
  const net = allocateNetwork([2, 2, 1], ['sigmoid', 'sigmoid'], [0.5, 0.5]);
  net.layers[0]!.weights.set([0.5, -1, 1.5, 2]);
  net.layers[0]!.biases.set([0, -1]);
  net.layers[1]!.weights.set([1, -2]);
  net.layers[1]!.biases.set([0.5]);
  return net;
}

describe('forward pass known answer (2-2-1, hand-computed)', () => {
  it('gives the hand-computed sums, activations and firing per layer', () => {
    const trace = createForwardRunner(handNetwork()).run([1, 0.5]);
    expect(Array.from(trace.inputs)).toEqual([1, 0.5]);
    const [hidden, output] = trace.layers;
    expect(Array.from(hidden!.sums)).toEqual([0, 1.5]);
    expect(hidden!.activations[0]).toBe(0.5);
    expect(hidden!.activations[1]).toBeCloseTo(0.8175744761936437, 15);
    expect(Array.from(hidden!.fired)).toEqual([1, 1]);
    expect(output!.sums[0]).toBeCloseTo(-0.6351489523872873, 14);
    expect(output!.activations[0]).toBeCloseTo(0.3463439470249896, 14);
    expect(Array.from(output!.fired)).toEqual([0]);
    expect(trace.outputs[0]).toBe(output!.activations[0]);
  });

  it('fires exactly at the threshold (>=) and not just below it', () => {
    const net = handNetwork();
    // Hidden 0 has activation exactly 0.5 for these inputs; raise its threshold by one ulp.
    net.layers[0]!.threshold = 0.5000000000000001;
    const trace = createForwardRunner(net).run([1, 0.5]);
    expect(Array.from(trace.layers[0]!.fired)).toEqual([0, 1]);
  });
});
