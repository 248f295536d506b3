/**
 * Node names: what each node of the network is called in the console, on the visitor page and in
 * the API. A rig names a node with the `label` of the channel that shows it (digits7: segments
 * "a".."g", digits "0".."9"); a node without one is "input N", "hidden N" or "output N" (N from 1),
 * so every node has a name even when no board shows it. A label may carry one string per language
 * (exhibitText.ts): the names are in the language asked for, the rig's default where it has none. Pure.
 */
import { textIn, type Text } from '../exhibitText.js';

/** What `nodeLabels` reads of a rig (a Rig or a ResolvedRig both fit). */
export interface LabelledRig {
  network: { layers: readonly number[] };
  language?: string | undefined;
  boards: readonly { channels: readonly { layer: number; node: number; label?: Text | undefined }[] }[];
}

/** The default name of node `node` (from 0) of layer `layer` in a network of `layerCount` layers. */
export function defaultNodeLabel(layer: number, node: number, layerCount: number): string {
  const kind = layer === 0 ? 'input' : layer === layerCount - 1 ? 'output' : 'hidden';
  return `${kind} ${node + 1}`;
}

/** labels[layer][node]: every node's name in `language` (default: the rig's), the rig's label where it gives one. */
export function nodeLabels(rig: LabelledRig, language = rig.language ?? 'en'): string[][] {
  const fallback = rig.language ?? 'en';
  const layers = rig.network.layers;
  const labels = layers.map((size, layer) => Array.from({ length: size }, (_, node) => defaultNodeLabel(layer, node, layers.length)));
  for (const board of rig.boards) {
    for (const c of board.channels) {
      // checkRig refuses bindings outside the network; the guard keeps this total for unchecked input
      if (c.label !== undefined && labels[c.layer]?.[c.node] !== undefined) labels[c.layer]![c.node] = textIn(c.label, language, fallback).trim();
    }
  }
  return labels;
}
