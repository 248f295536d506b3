/**
 * Backpropagation: how much each weight and bias is to blame for the error, i.e. the gradient of
 * the loss with respect to every parameter.
 *
 * For one example with loss E = ½ Σ_o (y_o − t_o)², the chain rule gives, layer by layer from the
 * output back to the input:
 *   output node j:  δ_j = (y_j − t_j) · f'(s_j)
 *   hidden node j:  δ_j = f'(s_j) · Σ_k w_kj δ_k     (k runs over the next layer's nodes)
 *   ∂E/∂w_jk = δ_j · x_k   (x_k: the k-th input into the layer),   ∂E/∂b_j = δ_j
 * The ½ makes the 2 of the square disappear; it only rescales the learning rate.
 */
import type { ActivationName } from '../activations.js';
import { createForwardRunner, type ForwardRunner } from '../forward.js';
import type { PackedCorpus } from '../evaluate.js';
import type { Network } from '../network.js';

/** Buffers for gradient computation, allocated once per network. */
export interface GradientWorkspace {
  readonly network: Network;
  readonly runner: ForwardRunner;
  /** δ per layer. */
  readonly deltas: readonly Float64Array[];
  /** Where each layer's weights start in `params` (its biases follow them). */
  readonly offsets: readonly number[];
}

const KIND: Readonly<Record<ActivationName, number>> = { sigmoid: 0, tanh: 1, relu: 2, step: 3 };

/** Allocates the buffers backpropagation needs for `net`. */
export function createGradientWorkspace(net: Network): GradientWorkspace {
  const offsets: number[] = [];
  let offset = 0;
  for (const l of net.layers) {
    offsets.push(offset);
    offset += l.size * (l.inputSize + 1);
  }
  return {
    network: net,
    runner: createForwardRunner(net),
    deltas: net.layers.map((l) => new Float64Array(l.size)),
    offsets,
  };
}

/**
 * Runs one example forward, then adds `scale · ∂E/∂param` into `grad` (laid out like
 * `Network.params`). Returns Σ_o (y_o − t_o)², the example's squared error before any update.
 */
export function accumulateExampleGradient(
  ws: GradientWorkspace,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  grad: Float64Array,
  scale: number,
): number {
  const trace = ws.runner.run(inputs);
  const layers = ws.network.layers;
  const last = layers.length - 1;
  let squared = 0;
  for (let l = last; l >= 0; l--) {
    const layer = layers[l]!;
    const lt = trace.layers[l]!;
    const delta = ws.deltas[l]!;
    const kind = KIND[layer.activation];
    for (let j = 0; j < layer.size; j++) {
      let blame: number;
      if (l === last) {
        blame = lt.activations[j]! - targets[j]!;
        squared += blame * blame;
      } else {
        const next = layers[l + 1]!;
        const nextDelta = ws.deltas[l + 1]!;
        blame = 0;
        for (let k = 0; k < next.size; k++) blame += next.weights[k * next.inputSize + j]! * nextDelta[k]!;
      }
      const y = lt.activations[j]!;
      const s = lt.sums[j]!;
      // The same slopes as ACTIVATIONS[...].derivative, inlined because this is the training hot path.
      const slope = kind === 0 ? y * (1 - y) : kind === 1 ? 1 - y * y : kind === 2 ? (s > 0 ? 1 : 0) : 0;
      delta[j] = blame * slope;
    }
  }
  for (let l = 0; l <= last; l++) {
    const layer = layers[l]!;
    const x = l === 0 ? trace.inputs : trace.layers[l - 1]!.activations;
    const delta = ws.deltas[l]!;
    const base = ws.offsets[l]!;
    const nIn = layer.inputSize;
    const biasBase = base + layer.size * nIn;
    for (let j = 0; j < layer.size; j++) {
      const d = delta[j]! * scale;
      const row = base + j * nIn;
      for (let k = 0; k < nIn; k++) grad[row + k] = grad[row + k]! + d * x[k]!;
      grad[biasBase + j] = grad[biasBase + j]! + d;
    }
  }
  return squared;
}

/**
 * The exact gradient of the corpus mean squared error, MSE = (1 / (N·M)) Σ_i Σ_o (y − t)², written
 * into `grad` (overwritten). Returns the MSE. Used to check backpropagation against finite
 * differences, and by anyone who wants the plain gradient.
 */
export function lossGradient(ws: GradientWorkspace, data: PackedCorpus, grad: Float64Array): number {
  grad.fill(0);
  // d/dy of (y − t)² is 2(y − t), i.e. twice the ½-convention δ; then average over N·M terms.
  const scale = 2 / (data.count * data.outputSize);
  let sum = 0;
  for (let i = 0; i < data.count; i++) {
    sum += accumulateExampleGradient(ws, data.inputs[i]!, data.targets[i]!, grad, scale);
  }
  return sum / (data.count * data.outputSize);
}
