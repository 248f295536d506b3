/**
 * Activation functions: what a neuron does with the weighted sum of its inputs.
 *
 * As in tensorflow/playground, each one is an `{ output, derivative }` pair in one table, so that
 * the forward pass asks for `output` and backpropagation asks for `derivative`. The derivative is
 * given both the sum and the output because for the sigmoid and tanh the output is the cheaper
 * way to get it (σ' = σ(1 − σ)).
 */
import { NbError } from './errors.js';

/** The names of the activation functions a layer can use. */
export type ActivationName = 'sigmoid' | 'tanh' | 'relu' | 'step';

/** One activation function and its slope. */
export interface Activation {
  readonly name: ActivationName;
  /** What the neuron outputs for a weighted sum `x`. */
  output(x: number): number;
  /** The slope of `output` at `x`, given `y = output(x)` too. */
  derivative(x: number, y: number): number;
  /**
   * The firing threshold a layer gets when none is given: halfway up the sigmoid and the step,
   * zero for tanh (whose range is centred on 0), and 0.5 for relu so that a tiny positive
   * output does not light an LED.
   */
  readonly defaultThreshold: number;
  /** What the neuron can output at all: a target outside this can never be reached (nor learned). */
  readonly range: OutputRange;
}

/** The outputs an activation can give: [min, max], or only the listed values (the step). */
export interface OutputRange {
  readonly min: number;
  readonly max: number;
  readonly only?: readonly number[];
  /** In words, for messages: "0 to 1", "0 or 1". */
  readonly text: string;
}

/** Every activation, by name. */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  sigmoid: {
    name: 'sigmoid',
    // exp(-x) overflows to Infinity for very negative x, which correctly gives 0.
    output: (x) => 1 / (1 + Math.exp(-x)),
    derivative: (_x, y) => y * (1 - y),
    defaultThreshold: 0.5,
    range: { min: 0, max: 1, text: '0 to 1' },
  },
  tanh: {
    name: 'tanh',
    output: (x) => Math.tanh(x),
    derivative: (_x, y) => 1 - y * y,
    defaultThreshold: 0,
    range: { min: -1, max: 1, text: '-1 to 1' },
  },
  relu: {
    name: 'relu',
    output: (x) => (x > 0 ? x : 0),
    // The slope at exactly 0 is undefined; 0 is the usual choice.
    derivative: (x) => (x > 0 ? 1 : 0),
    defaultThreshold: 0.5,
    range: { min: 0, max: Infinity, text: '0 or more' },
  },
  step: {
    name: 'step',
    // The classic perceptron: fires (1) when the sum reaches 0.
    output: (x) => (x >= 0 ? 1 : 0),
    // Flat everywhere it is defined, so gradient descent cannot train it: the perceptron rule can.
    derivative: () => 0,
    defaultThreshold: 0.5,
    range: { min: 0, max: 1, only: [0, 1], text: '0 or 1' },
  },
};

/** The activation names, in the order they are documented. */
export const ACTIVATION_NAMES: readonly ActivationName[] = ['sigmoid', 'tanh', 'relu', 'step'];

/** True when `name` is one of the activation names. */
export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (ACTIVATION_NAMES as readonly string[]).includes(name);
}

/** Looks an activation up by name, with an error that lists the choices when it is unknown. */
export function getActivation(name: string, field = 'activation'): Activation {
  if (!isActivationName(name)) {
    throw new NbError(
      'NB_ERR_INVALID_ARGUMENT',
      `${field}: unknown activation ${JSON.stringify(name)}; use one of ${ACTIVATION_NAMES.join(', ')}`,
      { field },
    );
  }
  return ACTIVATIONS[name];
}

/** True when an output of activation `name` can equal `value`. */
export function canOutput(name: ActivationName, value: number): boolean {
  const { min, max, only } = ACTIVATIONS[name].range;
  return only ? only.includes(value) : value >= min && value <= max;
}
