/**
 * The network model: layers of neurons, each with a weight per input, a bias, an activation and a
 * firing threshold.
 *
 * Layout (why it looks like this): all weights and biases of the whole network live in ONE
 * Float64Array, `params`, and each layer's `weights` and `biases` are views into it. Training by
 * trial and error treats the network as one long list of knobs to nudge, and copying a whole
 * network is then a single `set()`. Within a layer, `weights` is row-major: the weights into node
 * `j` are `weights[j * inputSize .. (j + 1) * inputSize)`, followed in `params` by that layer's biases.
 */
import { ACTIVATIONS, type ActivationName, getActivation } from './activations.js';
import { NbError } from './errors.js';
import { createRng, type Rng } from './rng.js';

/** The most nodes a layer may have, so a bad file cannot make us allocate gigabytes. */
export const MAX_LAYER_SIZE = 4096;
/** The most layers of weights (not counting the input layer) a network may have. */
export const MAX_LAYERS = 64;

/** One layer of neurons and the weights that feed it. */
export interface Layer {
  /** How many values come in (the size of the previous layer). */
  readonly inputSize: number;
  /** How many neurons this layer has. */
  readonly size: number;
  /** `size × inputSize` weights, row-major: row `j` feeds node `j`. A view into `Network.params`. */
  readonly weights: Float64Array;
  /** One bias per node. A view into `Network.params`. */
  readonly biases: Float64Array;
  /** What each node does with its weighted sum. */
  activation: ActivationName;
  /** A node fires when its activation reaches this value (`>=`). */
  threshold: number;
}

/** A feed-forward network: `sizes[0]` inputs, then one `Layer` per following size. */
export interface Network {
  /** Nodes per layer, input layer first, e.g. `[2, 3, 1]`. */
  readonly sizes: readonly number[];
  /** The layers with weights, i.e. `sizes.length - 1` of them. */
  readonly layers: readonly Layer[];
  /** Every weight and bias, layer by layer (weights then biases); the layers view into it. */
  readonly params: Float64Array;
}

/** How to build a new network. */
export interface CreateNetworkOptions {
  /** Nodes per layer, input layer first; at least two entries. */
  sizes: readonly number[];
  /** Seed for the initial random weights; the same seed gives the same network. Default 1. */
  seed?: number;
  /** One activation for every layer, or one per layer. Default `'sigmoid'`. */
  activation?: ActivationName | readonly ActivationName[];
  /** One threshold for every layer, or one per layer. Default: the activation's own default. */
  threshold?: number | readonly number[];
}

/** Checks a layer-size list and says which entry is wrong. */
export function validateSizes(sizes: unknown, field = 'sizes'): asserts sizes is readonly number[] {
  if (!Array.isArray(sizes)) {
    throw new NbError('NB_ERR_INVALID_NETWORK', `${field} must be an array of layer sizes such as [2, 3, 1]`, { field });
  }
  if (sizes.length < 2 || sizes.length > MAX_LAYERS + 1) {
    throw new NbError(
      'NB_ERR_INVALID_NETWORK',
      `${field} must list between 2 and ${MAX_LAYERS + 1} layers (inputs and outputs at least), got ${sizes.length}`,
      { field },
    );
  }
  sizes.forEach((n: unknown, i) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_LAYER_SIZE) {
      throw new NbError(
        'NB_ERR_INVALID_NETWORK',
        `${field}[${i}] must be a whole number of nodes from 1 to ${MAX_LAYER_SIZE}, got ${JSON.stringify(n)}`,
        { field: `${field}[${i}]` },
      );
    }
  });
}

/** How many weights and biases a network with these layer sizes has. */
export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += (sizes[l] as number) * ((sizes[l - 1] as number) + 1);
  return n;
}

/**
 * Allocates a network with all weights and biases zero. Used by the loader, which fills them in;
 * most callers want `createNetwork`.
 */
export function allocateNetwork(
  sizes: readonly number[],
  activations: readonly ActivationName[],
  thresholds: readonly number[],
): Network {
  validateSizes(sizes);
  const params = new Float64Array(parameterCount(sizes));
  const layers: Layer[] = [];
  let offset = 0;
  for (let l = 1; l < sizes.length; l++) {
    const inputSize = sizes[l - 1] as number;
    const size = sizes[l] as number;
    const weights = params.subarray(offset, offset + size * inputSize);
    offset += size * inputSize;
    const biases = params.subarray(offset, offset + size);
    offset += size;
    const activation = activations[l - 1] ?? 'sigmoid';
    const threshold = thresholds[l - 1] ?? ACTIVATIONS[activation].defaultThreshold;
    layers.push({ inputSize, size, weights, biases, activation, threshold });
  }
  return { sizes: [...sizes], layers, params };
}

/**
 * Fills weights and biases with random values: normal, with a spread of `scale / √fanIn` so that a
 * neuron with many inputs does not start out saturated (its sum would otherwise grow with √fanIn).
 */
export function randomizeParams(net: Network, rng: Rng, scale = 1): void {
  let offset = 0;
  for (const layer of net.layers) {
    const spread = scale / Math.sqrt(layer.inputSize);
    const count = layer.size * (layer.inputSize + 1);
    for (let i = 0; i < count; i++) net.params[offset + i] = rng.gaussian() * spread;
    offset += count;
  }
}

/** Creates a network with random weights from a layer-size list and a seed. */
export function createNetwork(options: CreateNetworkOptions): Network {
  const { sizes, seed = 1 } = options;
  validateSizes(sizes);
  const layerCount = sizes.length - 1;
  const activations = perLayer(options.activation ?? 'sigmoid', layerCount, 'activation');
  activations.forEach((name, i) => getActivation(name, `activation[${i}]`));
  const thresholds =
    options.threshold === undefined
      ? activations.map((a) => ACTIVATIONS[a].defaultThreshold)
      : perLayer(options.threshold, layerCount, 'threshold');
  thresholds.forEach((t, i) => {
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `threshold[${i}] must be a finite number, got ${String(t)}`, {
        field: `threshold[${i}]`,
      });
    }
  });
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `seed must be a finite number, got ${String(seed)}`, { field: 'seed' });
  }
  const net = allocateNetwork(sizes, activations, thresholds);
  randomizeParams(net, createRng(seed));
  return net;
}

/** A deep copy: new buffers, same numbers, same activations and thresholds. */
export function cloneNetwork(net: Network): Network {
  const copy = allocateNetwork(
    net.sizes,
    net.layers.map((l) => l.activation),
    net.layers.map((l) => l.threshold),
  );
  copy.params.set(net.params);
  return copy;
}

/** Copies the weights and biases of `from` into `to`; both must have the same sizes. */
export function copyParams(from: Network, to: Network): void {
  if (from.params.length !== to.params.length) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `cannot copy a [${from.sizes.join(', ')}] network into a [${to.sizes.join(', ')}] one`,
    );
  }
  to.params.set(from.params);
}

function perLayer<T>(value: T | readonly T[], count: number, field: string): T[] {
  if (!Array.isArray(value)) return Array.from({ length: count }, () => value as T);
  if (value.length !== count) {
    throw new NbError(
      'NB_ERR_INVALID_ARGUMENT',
      `${field} lists ${value.length} layers but the network has ${count} layers with weights`,
      { field },
    );
  }
  return [...(value as readonly T[])];
}
