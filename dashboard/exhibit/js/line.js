/**
 * The one straight line a single neuron draws over two inputs (the story's "no-hidden" act): where
 * its weighted sum crosses the point at which it fires. Used by the decision map to show why one
 * neuron learns AND and OR but not XOR. The network is read and run by the project's own core
 * (kit/core.js, bundled from src/core). Pure (test/dashboard/exhibit/line.test.ts).
 */
import { createForwardRunner, networkFromJson } from '../../kit/core.js';

/** The sum at which each activation reaches a threshold t (its inverse). */
const SUM_AT = {
  step: () => 0,
  sigmoid: (t) => Math.log(t / (1 - t)),
  tanh: (t) => Math.atanh(t),
  relu: (t) => t,
};

/**
 * `{ wa, wb, c }` with the neuron firing where wa·a + wb·b + c ≥ 0, for a network with two inputs,
 * one output and no hidden layer; null for any other network or when the weights draw no line.
 */
export function boundaryLine(network) {
  if (network?.layers?.length !== 1 || network.sizes[0] !== 2 || network.sizes[1] !== 1) return null;
  const [layer] = networkFromJson(network).layers;
  const [wa, wb] = layer.weights;
  const at = SUM_AT[layer.activation](layer.threshold);
  if (!Number.isFinite(at) || (wa === 0 && wb === 0)) return null;
  return { wa, wb, c: layer.biases[0] - at };
}

/** The line's two ends on the edge of the square [low, high]², or null when it misses the square. */
export function clipToSquare({ wa, wb, c }, low, high) {
  const points = [];
  const inside = (v) => v >= low - 1e-9 && v <= high + 1e-9;
  if (wb !== 0) for (const a of [low, high]) { const b = -(wa * a + c) / wb; if (inside(b)) points.push([a, b]); }
  if (wa !== 0) for (const b of [low, high]) { const a = -(wb * b + c) / wa; if (inside(a)) points.push([a, b]); }
  // Through a corner the same point is found twice: keep the two farthest apart.
  let best = null;
  let far = 1e-9;
  for (let i = 0; i < points.length; i++) {
    for (let k = i + 1; k < points.length; k++) {
      const d = Math.hypot(points[i][0] - points[k][0], points[i][1] - points[k][1]);
      if (d > far) [far, best] = [d, [points[i], points[k]]];
    }
  }
  return best;
}

/** The indices of the examples the network answers wrongly (its answer on the other side of the threshold). */
export function wrongExamples(network, examples) {
  const net = networkFromJson(network);
  const runner = createForwardRunner(net);
  const { threshold } = net.layers.at(-1);
  return examples.flatMap((ex, i) => ((runner.run(ex.inputs).outputs[0] >= threshold) !== (ex.targets[0] >= threshold) ? [i] : []));
}
