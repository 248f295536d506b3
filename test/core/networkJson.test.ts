import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createNetwork, isNbError, networkToJson, parseNetwork, stringifyNetwork } from '../../src/core/index.js';

function bits(a: Float64Array): string {
  return Array.from(new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength)), (x) => x.toString(16)).join(',');
}

function errorOf(text: string): { code?: string; field?: string | undefined; message: string } {
  try {
    parseNetwork(text);
  } catch (err) {
    return isNbError(err) ? { code: err.code, field: err.field, message: err.message } : { message: `crash: ${String(err)}` };
  }
  return { message: 'did not throw' };
}

const good = () => networkToJson(createNetwork({ sizes: [2, 3, 1], seed: 1 })) as unknown as Record<string, any>;
const mutate = (f: (doc: Record<string, any>) => void): string => {
  const doc = good();
  f(doc);
  return JSON.stringify(doc);
};

describe('network JSON round trip', () => {
  it('is bit-exact for -0, subnormals, the largest and smallest doubles and awkward decimals', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1, activation: ['tanh', 'step'], threshold: [-0, 0.1] });
    net.params.set([-0, 0, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, 1 / 3, Math.PI, -1e-310, 123456789.123456789, Number.EPSILON]);
    const back = parseNetwork(stringifyNetwork(net));
    expect(bits(back.params)).toBe(bits(net.params));
    expect(Object.is(back.params[0], -0)).toBe(true);
    expect(Object.is(back.layers[0]!.threshold, -0)).toBe(true);
    expect(back.layers.map((l) => l.activation)).toEqual(['tanh', 'step']);
    expect(back.sizes).toEqual([2, 3, 1]);
  });

  it('is bit-exact for any finite doubles (property test)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 13, maxLength: 13 }), (values) => {
        const net = createNetwork({ sizes: [2, 3, 1] });
        net.params.set(values);
        expect(bits(parseNetwork(stringifyNetwork(net, 2)).params)).toBe(bits(net.params));
      }),
    );
  });
});

describe('network JSON validation', () => {
  it('rejects text that is not JSON, and JSON that is not an object', () => {
    expect(errorOf('{"format":')).toMatchObject({ code: 'NB_ERR_INVALID_NETWORK' });
    expect(errorOf('[1,2]').message).toMatch(/must be a JSON object, got an array of 2/);
  });

  it('rejects a wrong format string and an unknown version (2) with NB_ERR_UNSUPPORTED_VERSION', () => {
    expect(errorOf(mutate((d) => (d.format = 'neuroboard.corpus')))).toMatchObject({ field: 'format' });
    expect(errorOf(mutate((d) => (d.version = 2)))).toMatchObject({ code: 'NB_ERR_UNSUPPORTED_VERSION', field: 'version' });
  });

  it('rejects missing fields: sizes, layers, layers[1].weights, layers[0].threshold', () => {
    expect(errorOf(mutate((d) => delete d.sizes))).toMatchObject({ field: 'sizes' });
    expect(errorOf(mutate((d) => delete d.layers))).toMatchObject({ field: 'layers' });
    expect(errorOf(mutate((d) => delete d.layers[1].weights)).message).toMatch(/layers\[1\]\.weights must be an array, got nothing \(the field is missing\)/);
    expect(errorOf(mutate((d) => delete d.layers[0].threshold))).toMatchObject({ field: 'layers[0].threshold' });
  });

  it('rejects wrong shapes: 2 layers for sizes [2,3,1] minus one, 5 weights where 6 are needed, a layer that is a number', () => {
    expect(errorOf(mutate((d) => d.layers.pop()))).toMatchObject({ field: 'layers' });
    expect(errorOf(mutate((d) => d.layers[0].weights.pop()))).toMatchObject({
      code: 'NB_ERR_DIMENSION_MISMATCH',
      field: 'layers[0].weights',
      message: 'layers[0].weights has 5 values but the layer sizes need 6',
    });
    expect(errorOf(mutate((d) => (d.layers[1] = 7)))).toMatchObject({ field: 'layers[1]' });
  });

  it('rejects NaN, Infinity (written as null by JSON, or as strings) and a string weight, naming layers[1].weights[2]', () => {
    for (const bad of [null, 'NaN', 'Infinity', '1e999', '0.5']) {
      expect(errorOf(mutate((d) => (d.layers[1].weights[2] = bad)))).toMatchObject({
        code: 'NB_ERR_INVALID_NETWORK',
        field: 'layers[1].weights[2]',
      });
    }
    // 1e999 written as a number literal parses to Infinity.
    const text = stringifyNetwork(createNetwork({ sizes: [2, 3, 1] })).replace(/"biases":\[[^,\]]+/, '"biases":[1e999');
    expect(errorOf(text)).toMatchObject({ field: 'layers[0].biases[0]' });
  });

  it('rejects an unknown activation "softmax" and bad sizes (0 nodes, 2.5 nodes)', () => {
    expect(errorOf(mutate((d) => (d.layers[0].activation = 'softmax'))).message).toBe(
      'layers[0].activation must be one of sigmoid, tanh, relu, step, got "softmax"',
    );
    expect(errorOf(mutate((d) => (d.sizes = [2, 0, 1])))).toMatchObject({ field: 'sizes[1]' });
    expect(errorOf(mutate((d) => (d.sizes = [2, 2.5, 1])))).toMatchObject({ field: 'sizes[1]' });
  });
});
