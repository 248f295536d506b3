/**
 * What the pages run of the project's own core: a network read from the API's network document and
 * its forward pass, so the visitor page's decision map and its one-neuron line answer exactly as the
 * exhibit does, and its spiking neurons (src/core/spiking.ts), so the visitor page can show the same
 * network as real neurons while the boards show the network, with no second copy of the math in plain JS. esbuild bundles this entry, and only what
 * it exports, into dashboard/kit/core.js (scripts/ensure-built.mjs); the pages import it from there.
 * Like src/core it is pure: nothing here needs Node or a DOM.
 */
export { createForwardRunner, type ForwardRunner, type Trace } from '../core/forward.js';
export { networkFromJson, type NetworkJson } from '../core/networkJson.js';
export type { Network } from '../core/network.js';
export { createSpikingNetwork, spikingParams, type SpikingNetwork, type SpikingParams } from '../core/spiking.js';
