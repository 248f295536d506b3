/**
 * What every training method has in common: it is a *stepper*. Each call to `step(budget)` does a
 * bounded amount of work and returns where it got to, so the runtime can interleave training with
 * the event loop (LEDs keep updating, buttons keep answering) and stop it between any two calls.
 */
import { NbError } from '../errors.js';
import type { Network } from '../network.js';

/** Why a training run finished. */
export type DoneReason =
  | 'target-reached'
  | 'converged'
  | 'max-steps'
  | 'max-evaluations'
  | 'not-linearly-separable'
  | 'diverged'
  /** It stopped getting better (see each method): the corpus may ask what this network cannot give. */
  | 'stalled';

/** What every stepper reports after a call to `step`. */
export interface StepResult {
  /** Work done so far, in the method's own unit (epochs, or tries for trial and error). */
  step: number;
  /** The current mean squared error over the corpus. */
  loss: number;
  /** True when the run has finished; further calls to `step` change nothing. */
  done: boolean;
  /** Why it finished, once `done`. */
  reason?: DoneReason;
}

/** A training run that advances in bounded slices. */
export interface Stepper<R extends StepResult = StepResult> {
  /** The network being trained (the runtime shows and saves this one). */
  readonly network: Network;
  /** Does up to `budget` units of work (default: a small slice) and reports. */
  step(budget?: number): R;
}

/**
 * Checks a numeric option and returns it, or its default when it is not given. `min` is inclusive;
 * `positive` additionally refuses 0 (a learning rate of 0 would train forever without moving).
 */
export function numberOption(
  value: number | undefined,
  fallback: number,
  name: string,
  rule: { min?: number; max?: number; positive?: boolean; integer?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const { min = -Infinity, max = Infinity, positive = false, integer = false } = rule;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!positive || value > 0) &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const range = [positive ? 'above 0' : min > -Infinity ? `at least ${min}` : '', max < Infinity ? `at most ${max}` : '']
      .filter(Boolean)
      .join(' and ');
    throw new NbError(
      'NB_ERR_INVALID_ARGUMENT',
      `${name} must be a ${integer ? 'whole ' : ''}number${range ? ` ${range}` : ''}, got ${String(value)}`,
      { field: name },
    );
  }
  return value;
}
