import { describe, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  ACTIVATION_NAMES,
  createForwardRunner,
  createNetwork,
  forwardPass,
  isNbError,
  snapshotTrace,
} from '../../src/core/index.js';

describe('forward pass trace', () => {
  it('reuses the same buffers on every run (no allocation per pass)', () => {
    const runner = createForwardRunner(createNetwork({ sizes: [2, 3, 1], seed: 3 }));
    const a = runner.run([0, 1]);
    const outputsA = a.outputs;
    const firstOut = a.outputs[0];
    const b = runner.run([1, 1]);
    expect(b).toBe(a);
    expect(b.outputs).toBe(outputsA);
    expect(b.outputs[0]).not.toBe(firstOut);
  });

  it('snapshotTrace copies into plain arrays that later runs do not change', () => {
    const runner = createForwardRunner(createNetwork({ sizes: [2, 3, 1], seed: 3 }));
    const snap = snapshotTrace(runner.run([0, 1]));
    const before = JSON.stringify(snap);
    runner.run([1, 0]);
    expect(JSON.stringify(snap)).toBe(before);
    expect(Array.isArray(snap.layers[0]!.activations)).toBe(true);
    expect(typeof snap.layers[0]!.fired[0]).toBe('boolean');
  });

  it('matches the ACTIVATIONS table for every activation', () => {
    for (const name of ACTIVATION_NAMES) {
      const net = createNetwork({ sizes: [3, 4, 2], seed: 11, activation: name });
      const trace = forwardPass(net, [0.3, -0.7, 1.2]);
      for (const lt of trace.layers) {
        lt.sums.forEach((s, j) => expect(lt.activations[j]).toBe(ACTIVATIONS[name].output(s)));
      }
    }
  });

  it('marks a node fired exactly when its activation reaches the layer threshold', () => {
    const net = createNetwork({ sizes: [4, 8, 8, 3], seed: 5, activation: ['tanh', 'relu', 'sigmoid'], threshold: [0.1, 0.4, 0.5] });
    const trace = forwardPass(net, [1, 0, -1, 0.5]);
    trace.layers.forEach((lt, l) => {
      lt.activations.forEach((a, j) => expect(lt.fired[j]).toBe(a >= net.layers[l]!.threshold ? 1 : 0));
    });
  });

  it('rejects inputs of the wrong length (3 values for a 2-input net) with NB_ERR_DIMENSION_MISMATCH', () => {
    const runner = createForwardRunner(createNetwork({ sizes: [2, 1], seed: 1 }));
    expect(() => runner.run([1, 2, 3])).toThrow(/takes 2 inputs, got 3/);
    try {
      runner.run([]);
    } catch (err) {
      expect(isNbError(err, 'NB_ERR_DIMENSION_MISMATCH')).toBe(true);
    }
    expect.assertions(2);
  });
});
