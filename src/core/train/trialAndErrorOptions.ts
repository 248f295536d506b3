/** The options of trial and error (trialAndError.ts), kept apart to keep that file about the search. */
import type { CorrectnessRule } from '../evaluate.js';

/** Options for `createTrialAndErrorTrainer`. Every one has a tuned default. */
export interface TrialAndErrorOptions {
  /** Seed for guesses and changes; the same seed repeats the same run. Default 1. */
  seed?: number;
  /**
   * Stop when the best loss is below this and every example is right under `rule`. Default 0.005.
   * (With many outputs a low loss can still hide one wrong answer: on the ten digits one output
   * on the wrong side of 0.5 costs only 0.25/100 of loss, so "close" alone would stop at 9 of 10.)
   */
  targetLoss?: number;
  /** Also stop as soon as every example is right under `rule` (see evaluate.ts). Default false. */
  stopWhenAllCorrect?: boolean;
  /**
   * Keep a change when it gets MORE examples right even if the loss got worse (and otherwise when
   * it gets as many right and the loss did not get worse). Default: the same as
   * `stopWhenAllCorrect`, because for "which digit is it" being right matters, not being close.
   */
  preferCorrect?: boolean;
  /** What "right" means for `correct` counts and `stopWhenAllCorrect`. Default `'threshold'`. */
  rule?: CorrectnessRule;
  /** Stop after this many corpus evaluations. Default: no limit (the runtime stops it). */
  maxEvaluations?: number;
  /**
   * Size of the first changes after each guess, as the length of a whole-vector move (so it means
   * the same for small and big nets: each weight moves by about initialStep/√weights). A
   * single-weight nudge starts at half this length. Default 3.
   */
  initialStep?: number;
  /** Spread of a random guess, as in `createNetwork`. Default 2. */
  guessScale?: number;
  /** Share of tries that change one neuron (its incoming weights and bias together). Default 0.8. */
  neuronShare?: number;
  /**
   * Of the other tries, the share that nudge a single weight rather than all of them.
   * Default 1 − 1.8/√(weights).
   */
  singleWeightShare?: number;
  /** Tries in a row without a real improvement before starting from a new guess. Default max(60, 16√weights). */
  patience?: number;
  /**
   * Fresh guesses in a row that do not beat the best loss (by more than a sliver) before the run
   * ends as 'stalled': restarting for ever from random guesses helps nobody when the corpus asks for
   * what this network cannot give. Default 25.
   */
  stallRestarts?: number;
  /** Points kept in the loss history (downsampled, see lossHistory.ts). Default 512. */
  historySize?: number;
  /** If false, keep the caller's weights as the first guess instead of a random one. Default true. */
  fromRandomGuess?: boolean;
}
