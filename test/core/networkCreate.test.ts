import { describe, expect, it } from 'vitest';
import { cloneNetwork, createNetwork, isNbError, parameterCount } from '../../src/core/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isNbError(err) ? `${err.code} ${err.field ?? ''}` : 'not an NbError';
  }
  return undefined;
}

describe('createNetwork', () => {
  it('builds layers as views into one params buffer, row-major per layer', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    expect(net.params.length).toBe(parameterCount([2, 3, 1]));
    expect(net.params.length).toBe(3 * 2 + 3 + 1 * 3 + 1);
    net.layers[0]!.weights[1] = 123; // node 0, input 1
    expect(net.params[1]).toBe(123);
    net.layers[1]!.biases[0] = 7;
    expect(net.params[12]).toBe(7);
  });

  it('gives the same weights for the same seed and different ones for another', () => {
    const a = createNetwork({ sizes: [3, 4, 2], seed: 5 });
    expect(Array.from(createNetwork({ sizes: [3, 4, 2], seed: 5 }).params)).toEqual(Array.from(a.params));
    expect(Array.from(createNetwork({ sizes: [3, 4, 2], seed: 6 }).params)).not.toEqual(Array.from(a.params));
  });

  it('uses sigmoid and threshold 0.5 by default, per-layer settings when given', () => {
    const a = createNetwork({ sizes: [2, 2, 1] });
    expect(a.layers.map((l) => [l.activation, l.threshold])).toEqual([['sigmoid', 0.5], ['sigmoid', 0.5]]);
    const b = createNetwork({ sizes: [2, 2, 1], activation: ['tanh', 'step'], threshold: [0.2, 1] });
    expect(b.layers.map((l) => [l.activation, l.threshold])).toEqual([['tanh', 0.2], ['step', 1]]);
  });

  it('clones into separate buffers', () => {
    const a = createNetwork({ sizes: [2, 3, 1], seed: 2 });
    const b = cloneNetwork(a);
    expect(Array.from(b.params)).toEqual(Array.from(a.params));
    b.params[0] = 99;
    expect(a.params[0]).not.toBe(99);
  });

  it('rejects bad sizes ([2], [2, 0], [2, 1.5], "2,1", [2, 1e9]), unknown activation "softmax", a per-layer list of the wrong length and a NaN threshold', () => {
    expect(codeOf(() => createNetwork({ sizes: [2] }))).toBe('NB_ERR_INVALID_NETWORK sizes');
    expect(codeOf(() => createNetwork({ sizes: [2, 0] }))).toBe('NB_ERR_INVALID_NETWORK sizes[1]');
    expect(codeOf(() => createNetwork({ sizes: [2, 1.5] }))).toBe('NB_ERR_INVALID_NETWORK sizes[1]');
    expect(codeOf(() => createNetwork({ sizes: '2,1' as unknown as number[] }))).toBe('NB_ERR_INVALID_NETWORK sizes');
    expect(codeOf(() => createNetwork({ sizes: [2, 1e9] }))).toBe('NB_ERR_INVALID_NETWORK sizes[1]');
    expect(codeOf(() => createNetwork({ sizes: [2, 1], activation: 'softmax' as 'relu' }))).toBe(
      'NB_ERR_INVALID_ARGUMENT activation[0]',
    );
    expect(codeOf(() => createNetwork({ sizes: [2, 2, 1], activation: ['tanh'] }))).toBe('NB_ERR_INVALID_ARGUMENT activation');
    expect(codeOf(() => createNetwork({ sizes: [2, 1], threshold: NaN }))).toBe('NB_ERR_INVALID_ARGUMENT threshold[0]');
    expect(() => createNetwork({ sizes: [2, 1], activation: 'softmax' as 'relu' })).toThrow(/sigmoid, tanh, relu, step/);
  });
});
