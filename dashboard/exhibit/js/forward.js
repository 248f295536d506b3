/**
 * The network's forward pass in the browser, from the network document in /api/state (weights are
 * size × inputs, row-major), for the decision map. Same activations as src/core/activations.ts.
 */
import { num } from '../../kit/weights.js';

const ACTIVATIONS = {
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: (x) => Math.tanh(x),
  relu: (x) => (x > 0 ? x : 0),
  step: (x) => (x >= 0 ? 1 : 0),
};

/** A compiled network: `run(inputs)` returns the outputs. */
export function compile(network) {
  const layers = network.layers.map((layer, l) => ({
    size: network.sizes[l + 1],
    inputs: network.sizes[l],
    weights: Float64Array.from(layer.weights, num),
    biases: Float64Array.from(layer.biases, num),
    f: ACTIVATIONS[layer.activation] ?? ACTIVATIONS.sigmoid,
  }));
  return {
    run(inputs) {
      let values = inputs;
      for (const { size, inputs: n, weights, biases, f } of layers) {
        const out = new Array(size);
        for (let j = 0; j < size; j++) {
          let sum = biases[j];
          for (let i = 0; i < n; i++) sum += weights[j * n + i] * values[i];
          out[j] = f(sum);
        }
        values = out;
      }
      return values;
    },
  };
}
