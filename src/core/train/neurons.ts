import type { Network } from '../network.js';

/**
 * For each neuron (layer by layer, past the inputs), the indices into `params` of its incoming
 * weights and its bias: what one neuron move changes. See network.ts for the layout.
 */
export function neuronParams(net: Network): number[][] {
  const out: number[][] = [];
  let offset = 0;
  for (const layer of net.layers) {
    const biases = offset + layer.size * layer.inputSize;
    for (let j = 0; j < layer.size; j++) {
      const row = Array.from({ length: layer.inputSize }, (_, i) => offset + j * layer.inputSize + i);
      out.push([...row, biases + j]);
    }
    offset = biases + layer.size;
  }
  return out;
}
