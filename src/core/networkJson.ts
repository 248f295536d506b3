/**
 * Saving and loading a network as versioned JSON:
 *
 *   { "format": "neuroboard.network", "version": 1, "sizes": [2, 3, 1],
 *     "layers": [ { "activation": "sigmoid", "threshold": 0.5, "weights": [...], "biases": [...] }, ... ] }
 *
 * Round trips are bit-exact: JavaScript writes every double with the shortest digits that read
 * back as the same double (subnormals included); the one exception is −0, which JSON.stringify
 * writes as 0, so we write it as the string "-0". Reading checks everything and names the field
 * path of the first problem; a network that loads is safe to run.
 */
import { isActivationName, ACTIVATION_NAMES, type ActivationName } from './activations.js';
import { NbError } from './errors.js';
import { arrayAt, describe, exactNumber, finiteAt, objectAt, parseJsonText } from './jsonFields.js';
import { allocateNetwork, validateSizes, type Network } from './network.js';

/** The `format` string of a network document. */
export const NETWORK_FORMAT = 'neuroboard.network';
/** The version this code writes (and the only one it reads so far). */
export const NETWORK_VERSION = 1;

/** A network document, version 1. Numbers may be the string "-0" (see the file comment). */
export interface NetworkJson {
  format: typeof NETWORK_FORMAT;
  version: typeof NETWORK_VERSION;
  sizes: number[];
  layers: {
    activation: ActivationName;
    threshold: number | '-0';
    weights: (number | '-0')[];
    biases: (number | '-0')[];
  }[];
}

/** The network as a JSON-ready document. */
export function networkToJson(net: Network): NetworkJson {
  return {
    format: NETWORK_FORMAT,
    version: NETWORK_VERSION,
    sizes: [...net.sizes],
    layers: net.layers.map((l) => ({
      activation: l.activation,
      threshold: exactNumber(l.threshold),
      weights: Array.from(l.weights, exactNumber),
      biases: Array.from(l.biases, exactNumber),
    })),
  };
}

/** The network as JSON text (pretty-printed when `indent` is given). */
export function stringifyNetwork(net: Network, indent?: number): string {
  return JSON.stringify(networkToJson(net), null, indent);
}

/** Checks a parsed network document and builds the network; NbError naming the field otherwise. */
export function networkFromJson(value: unknown): Network {
  const code = 'NB_ERR_INVALID_NETWORK';
  const doc = objectAt(value, '', code);
  if (doc['format'] !== NETWORK_FORMAT) {
    throw new NbError(code, `format must be "${NETWORK_FORMAT}", got ${describe(doc['format'])}: is this a network file?`, {
      field: 'format',
    });
  }
  if (doc['version'] !== NETWORK_VERSION) {
    throw new NbError(
      'NB_ERR_UNSUPPORTED_VERSION',
      `version ${describe(doc['version'])} of the network format is not supported; this neuroboard reads version ${NETWORK_VERSION}`,
      { field: 'version' },
    );
  }
  const sizes = doc['sizes'];
  validateSizes(sizes);
  const layersJson = arrayAt(doc['layers'], 'layers', code);
  if (layersJson.length !== sizes.length - 1) {
    throw new NbError(
      code,
      `layers has ${layersJson.length} entries but sizes [${sizes.join(', ')}] needs ${sizes.length - 1}`,
      { field: 'layers' },
    );
  }
  const layers = layersJson.map((raw, l) => {
    const at = `layers[${l}]`;
    const layer = objectAt(raw, at, code);
    const activation = layer['activation'];
    if (!isActivationName(activation)) {
      throw new NbError(
        code,
        `${at}.activation must be one of ${ACTIVATION_NAMES.join(', ')}, got ${describe(activation)}`,
        { field: `${at}.activation` },
      );
    }
    const threshold = finiteAt(layer['threshold'], `${at}.threshold`, code, true);
    const weights = numbers(layer['weights'], sizes[l + 1]! * sizes[l]!, `${at}.weights`);
    const biases = numbers(layer['biases'], sizes[l + 1]!, `${at}.biases`);
    return { activation, threshold, weights, biases };
  });
  const net = allocateNetwork(
    sizes,
    layers.map((l) => l.activation),
    layers.map((l) => l.threshold),
  );
  layers.forEach((l, i) => {
    net.layers[i]!.weights.set(l.weights);
    net.layers[i]!.biases.set(l.biases);
  });
  return net;
}

/** Parses network JSON text; NbError for bad JSON or a bad document. */
export function parseNetwork(text: string): Network {
  return networkFromJson(parseJsonText(text, 'network file', 'NB_ERR_INVALID_NETWORK'));
}

function numbers(value: unknown, expected: number, field: string): number[] {
  const list = arrayAt(value, field, 'NB_ERR_INVALID_NETWORK');
  if (list.length !== expected) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `${field} has ${list.length} values but the layer sizes need ${expected}`,
      { field },
    );
  }
  return list.map((x, i) => finiteAt(x, `${field}[${i}]`, 'NB_ERR_INVALID_NETWORK', true));
}
