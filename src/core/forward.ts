/**
 * The forward pass: inputs flow through the layers, each node computes a weighted sum, applies its
 * activation and fires when the activation reaches the layer's threshold. The pass returns a
 * trace of every layer so the cascade can be replayed on the boards step by step.
 *
 * Why a "runner": a museum exhibit runs this many times a second for weeks, so the trace buffers
 * are allocated once per runner and reused. The trace a run returns is therefore a VIEW onto those
 * buffers: the next run overwrites it. Callers who keep a trace must copy it (`snapshotTrace`).
 */
import type { ActivationName } from './activations.js';
import { NbError } from './errors.js';
import type { Network } from './network.js';

/** What one layer did during a pass. */
export interface LayerTrace {
  /** The weighted sum (plus bias) each node computed. */
  readonly sums: Float64Array;
  /** Each node's activation, i.e. what it outputs (and how bright its LED is). */
  readonly activations: Float64Array;
  /** 1 where the node fired (activation `>=` threshold), else 0. */
  readonly fired: Uint8Array;
}

/** A whole pass. Views onto reused buffers: copy it (see `snapshotTrace`) to keep it. */
export interface Trace {
  /** The inputs the pass ran on. */
  readonly inputs: Float64Array;
  /** One entry per layer with weights (hidden layers first, output layer last). */
  readonly layers: readonly LayerTrace[];
  /** The output layer's activations (the same buffer as the last layer's `activations`). */
  readonly outputs: Float64Array;
}

/** A trace copied into plain arrays, safe to keep and to turn into JSON. */
export interface TraceSnapshot {
  inputs: number[];
  layers: { sums: number[]; activations: number[]; fired: boolean[] }[];
  outputs: number[];
}

/** Runs forward passes over one network with buffers allocated once. */
export interface ForwardRunner {
  readonly network: Network;
  /** The trace buffers every run writes into. */
  readonly trace: Trace;
  /** Runs one pass and returns the (reused) trace. Does not allocate. */
  run(inputs: ArrayLike<number>): Trace;
}

// Small integers so the inner loop switches on a number rather than comparing strings.
const KIND: Readonly<Record<ActivationName, number>> = { sigmoid: 0, tanh: 1, relu: 2, step: 3 };

/**
 * Creates a runner for `net`. The runner reads the network's weights, activations and thresholds at
 * every pass, so training the network in place is seen by the next run without a new runner.
 */
export function createForwardRunner(net: Network): ForwardRunner {
  const inputSize = net.sizes[0] as number;
  const traceInputs = new Float64Array(inputSize);
  const layerTraces: LayerTrace[] = net.layers.map((l) => ({
    sums: new Float64Array(l.size),
    activations: new Float64Array(l.size),
    fired: new Uint8Array(l.size),
  }));
  const last = layerTraces[layerTraces.length - 1] as LayerTrace;
  const trace: Trace = { inputs: traceInputs, layers: layerTraces, outputs: last.activations };
  const layers = net.layers;
  const layerCount = layers.length;

  const run = (inputs: ArrayLike<number>): Trace => {
    if (inputs.length !== inputSize) {
      throw new NbError(
        'NB_ERR_DIMENSION_MISMATCH',
        `the network takes ${inputSize} inputs, got ${inputs.length}`,
        { field: 'inputs' },
      );
    }
    for (let i = 0; i < inputSize; i++) traceInputs[i] = inputs[i] as number;
    let prev: Float64Array = traceInputs;
    for (let l = 0; l < layerCount; l++) {
      const layer = layers[l]!;
      const lt = layerTraces[l]!;
      const w = layer.weights;
      const b = layer.biases;
      const sums = lt.sums;
      const act = lt.activations;
      const fired = lt.fired;
      const nIn = layer.inputSize;
      const nOut = layer.size;
      const threshold = layer.threshold;
      const kind = KIND[layer.activation];
      for (let j = 0; j < nOut; j++) {
        let s = b[j]!;
        const row = j * nIn;
        for (let k = 0; k < nIn; k++) s += w[row + k]! * prev[k]!;
        sums[j] = s;
      }
      // One loop per activation, written out rather than called through the ACTIVATIONS table: this is the hot path.
      switch (kind) {
        case 0:
          for (let j = 0; j < nOut; j++) act[j] = 1 / (1 + Math.exp(-sums[j]!));
          break;
        case 1:
          for (let j = 0; j < nOut; j++) act[j] = Math.tanh(sums[j]!);
          break;
        case 2:
          for (let j = 0; j < nOut; j++) act[j] = sums[j]! > 0 ? sums[j]! : 0;
          break;
        default:
          for (let j = 0; j < nOut; j++) act[j] = sums[j]! >= 0 ? 1 : 0;
      }
      for (let j = 0; j < nOut; j++) fired[j] = act[j]! >= threshold ? 1 : 0;
      prev = act;
    }
    return trace;
  };

  return { network: net, trace, run };
}

/**
 * One pass that allocates its own buffers: for a single question (a test, a CLI answer). Anything
 * that runs passes in a loop should keep a `ForwardRunner`.
 */
export function forwardPass(net: Network, inputs: ArrayLike<number>): Trace {
  return createForwardRunner(net).run(inputs);
}

/** Copies a trace into plain arrays (and `fired` into booleans) so it can be kept or sent as JSON. */
export function snapshotTrace(trace: Trace): TraceSnapshot {
  return {
    inputs: Array.from(trace.inputs),
    layers: trace.layers.map((l) => ({
      sums: Array.from(l.sums),
      activations: Array.from(l.activations),
      fired: Array.from(l.fired, (f) => f === 1),
    })),
    outputs: Array.from(trace.outputs),
  };
}
