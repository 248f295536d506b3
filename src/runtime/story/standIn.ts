/**
 * The stand-in network of a "no-hidden" act: the rig's inputs wired straight to its answer layer,
 * step activation, as the perceptron rule needs. Its passes are shown in the rig's shape (the page and
 * the boards expect the rig's layers): hidden layers dark (activation 0, not fired), the answer layer
 * carrying the stand-in's output.
 */
import { createForwardRunner, snapshotTrace, type TraceSnapshot } from '../../core/forward.js';
import { allocateNetwork, type Network } from '../../core/network.js';

/** A [inputs, outputs] network of step neurons with all weights zero (where the perceptron rule starts). */
export function createStandIn(layers: readonly number[]): Network {
  return allocateNetwork([layers[0]!, layers[layers.length - 1]!], ['step'], [0.5]);
}

/** One pass of the stand-in on `inputs`, as a trace of the rig's shape `layers`. */
export function rigShapedTrace(standIn: Network, inputs: ArrayLike<number>, layers: readonly number[]): TraceSnapshot {
  const own = snapshotTrace(createForwardRunner(standIn).run(inputs));
  const answer = own.layers[0]!;
  const dark = (size: number) => ({ sums: new Array<number>(size).fill(0), activations: new Array<number>(size).fill(0), fired: new Array<boolean>(size).fill(false) });
  return {
    inputs: own.inputs,
    layers: [...layers.slice(1, -1).map(dark), answer],
    outputs: own.outputs,
  };
}
