/**
 * Every node's name as the rig means it ("A", segment "a", digit "7"), for both pages. The server
 * sends them as `state.labels` (in the rig's default language; `state.rig.words[language].labels`
 * in each language the rig is written in); a node without one gets the name the server gives an
 * unlabelled node (src/runtime/rig/labels.ts): "input N", "hidden N", "output N", N from 1.
 */

/** The default names of a network with `layers` nodes per layer. */
export function defaultLabels(layers) {
  const last = layers.length - 1;
  return layers.map((size, l) => Array.from({ length: size }, (_, j) => `${l === 0 ? 'input' : l === last ? 'output' : 'hidden'} ${j + 1}`));
}

/** labels[layer][node] for a state: the rig's names (`labels`, default the state's), the default where one is missing. */
export function nodeLabels(state, labels = state?.labels) {
  const layers = state?.rig?.layers ?? [];
  return defaultLabels(layers).map((names, l) => names.map((name, j) => labels?.[l]?.[j] ?? name));
}
