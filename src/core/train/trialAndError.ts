/**
 * Training by trial and error: the way the exhibit explains learning.
 *
 * 1. Start from a random guess (random weights) and measure how wrong it is on the whole corpus.
 * 2. Change the weights a little at random. Most tries change one neuron: every weight coming into
 *    it and its bias, together (on the boards, that one neuron flickers). A neuron's incoming
 *    weights decide what it responds to as a whole, so moving them together lets it turn to a new
 *    feature that nudging one knob at a time only finds by luck; it changes only what that neuron
 *    says, so whatever the others already do right stays right. (On the 7-segment digits this took
 *    the rig from 70 to 99 of 100 random guesses right within 90 s; see bench/pace.ts.) The other
 *    tries change either one weight (a single knob) or all of them at once by a small random amount:
 *    small nets get mostly whole-vector moves (at the end all their weights must grow together to
 *    get close to 0 and 1), big nets mostly single-weight nudges. Each kind of move keeps its own
 *    step size.
 * 3. Test the changed network against the whole corpus. Keep the change if the loss did not get
 *    worse; otherwise undo it. (With `preferCorrect`, e.g. for "which digit is it", a change is
 *    also kept when it gets more examples right, since being right is what counts there.)
 * 4. Adapt the size of the changes (the "1/5th success rule" of the (1+1) evolution strategy): if
 *    more than one try in five is kept we are being too timid, so take bigger steps; if fewer,
 *    take smaller ones. Each kept try multiplies the step by `e^(4/5·a)`, each undone try by
 *    `e^(−1/5·a)`, which balances exactly at one success in five.
 * 5. When nothing has improved for a while (stuck in a valley that is not the answer), start again
 *    from a new random guess. The best network found so far is never lost: `network` always
 *    holds it, across restarts.
 *
 * It gets closer and closer but never reaches a loss of exactly 0 (a sigmoid never outputs exactly
 * 0 or 1), which is why a run stops at a target loss.
 */
import type { Corpus } from '../corpus.js';
import { evaluateCorpus, packCorpus, type Evaluation } from '../evaluate.js';
import { createForwardRunner } from '../forward.js';
import { cloneNetwork, randomizeParams, type Network } from '../network.js';
import { createRng } from '../rng.js';
import { LossHistory, type LossPoint } from './lossHistory.js';
import { neuronParams } from './neurons.js';
import type { TrialAndErrorOptions } from './trialAndErrorOptions.js';
import { numberOption, type StepResult, type Stepper } from './stepper.js';

export type { TrialAndErrorOptions } from './trialAndErrorOptions.js';

/** What a trial-and-error step reports. `step` counts tries. */
export interface TrialAndErrorResult extends StepResult {
  /** Changes tried so far. */
  tried: number;
  /** Changes kept (the loss did not get worse). */
  kept: number;
  /** Corpus evaluations used (each try is one; each new guess is one more). */
  evaluations: number;
  /** How many times it started again from a new random guess. */
  restarts: number;
  /** The current size of the changes. */
  sigma: number;
  /** The loss of the guess being improved right now (`loss` is the best ever, held in `network`). */
  currentLoss: number;
  /** Examples the best network gets right, and how many there are. */
  correct: number;
  total: number;
  /** The last try made: which weights it changed, the error before and after, kept or undone. */
  lastTry?: TryReport;
}

/** One try, as the exhibit shows it. */
export interface TryReport {
  /** Indices into `network.params` of the weights (and biases) this try changed. */
  changed: number[];
  /** The error (mean squared) of the guess being improved, before and after the change. */
  before: number;
  after: number;
  kept: boolean;
}

/** A trial-and-error run; `step(budget)` makes up to `budget` tries (default 50). */
export interface TrialAndErrorTrainer extends Stepper<TrialAndErrorResult> {
  /** The best loss over the run, downsampled to a bounded number of points. */
  history(): LossPoint[];
}

/** Creates a trial-and-error stepper; `net` is overwritten with the best network found so far. */
export function createTrialAndErrorTrainer(
  net: Network,
  corpus: Corpus,
  options: TrialAndErrorOptions = {},
): TrialAndErrorTrainer {
  const rng = createRng(numberOption(options.seed, 1, 'seed'));
  const targetLoss = numberOption(options.targetLoss, 0.005, 'targetLoss', { min: 0 });
  const maxEvaluations = numberOption(options.maxEvaluations, Infinity, 'maxEvaluations', { positive: true });
  const initialStep = numberOption(options.initialStep, 3, 'initialStep', { positive: true });
  const guessScale = numberOption(options.guessScale, 2, 'guessScale', { positive: true });
  const rule = options.rule ?? 'threshold';
  const stopWhenAllCorrect = options.stopWhenAllCorrect ?? false;
  const countCorrect = options.preferCorrect ?? stopWhenAllCorrect;
  const stallRestarts = numberOption(options.stallRestarts, 25, 'stallRestarts', { positive: true, integer: true });
  const history = new LossHistory(numberOption(options.historySize, 512, 'historySize', { positive: true, integer: true }));

  const data = packCorpus(corpus, net);
  const work = cloneNetwork(net);
  const runner = createForwardRunner(work);
  const params = work.params;
  const n = params.length;
  // Small nets do better with whole-vector moves (all weights must grow together at the end);
  // big nets with single-weight nudges (a full move there disturbs everything at once).
  const singleShare = numberOption(options.singleWeightShare, Math.max(0, 1 - 1.8 / Math.sqrt(n)), 'singleWeightShare', {
    min: 0,
    max: 1,
  });
  const neuronShare = numberOption(options.neuronShare, 0.8, 'neuronShare', { min: 0, max: 1 });
  const neurons = neuronParams(work);
  const parent = new Float64Array(n);
  // Bigger nets need more tries before "no progress" means "stuck".
  const patience = numberOption(options.patience, Math.round(Math.max(60, 16 * Math.sqrt(n))), 'patience', {
    positive: true,
    integer: true,
  });
  // Step-size factors for the 1/5th rule, scaled so that sigma can change by about e^±1 over
  // roughly √n tries (the usual damping for the (1+1)-ES).
  const adapt = 1 / Math.sqrt(n + 1);
  const grow = Math.exp(0.8 * adapt);
  const shrink = Math.exp(-0.2 * adapt);

  let tried = 0;
  let kept = 0;
  let evaluations = 0;
  let restarts = 0;
  const initialSigma = initialStep / Math.sqrt(n);
  let sigma = initialSigma;
  // A single-weight nudge puts the whole change into one knob, so it is bigger per weight.
  const initialSingleSigma = initialStep / 2;
  let singleSigma = initialSingleSigma;
  // A neuron move has its own length too: each of its k weights moves by about neuronSigma/√k.
  const initialNeuronSigma = initialStep / 2;
  let neuronSigma = initialNeuronSigma;
  let parentLoss = Infinity;
  let parentCorrect = 0;
  let best: Evaluation = { loss: Infinity, correct: 0, total: data.count };
  let sinceImprovement = 0;
  // The best loss when the last fresh guess began, and guesses since the best really improved.
  let bestAtRestart = Infinity;
  let restartsWithoutBetter = 0;
  let reason: TrialAndErrorResult['reason'] | undefined;
  let lastTry: TryReport | undefined;
  const allIndices = Array.from({ length: n }, (_, i) => i);

  const evaluate = (): Evaluation => {
    evaluations++;
    return evaluateCorpus(runner, data, rule);
  };

  const consider = (e: Evaluation): void => {
    // "Best" ranks the same way as keeping a change does: with preferCorrect, more right answers
    // first (so the reported loss may then rise when one more example becomes right).
    const better = countCorrect
      ? e.correct > best.correct || (e.correct === best.correct && e.loss < best.loss)
      : e.loss < best.loss || (e.loss === best.loss && e.correct > best.correct);
    if (better) {
      best = e;
      net.params.set(params);
    }
    if (best.loss < targetLoss && best.correct === best.total) reason = 'target-reached';
    else if (stopWhenAllCorrect && best.correct === best.total) reason = 'converged';
    else if (evaluations >= maxEvaluations) reason = 'max-evaluations';
  };

  const newGuess = (random: boolean): void => {
    if (random) randomizeParams(work, rng, guessScale);
    parent.set(params);
    const e = evaluate();
    parentLoss = e.loss;
    parentCorrect = e.correct;
    sigma = initialSigma;
    singleSigma = initialSingleSigma;
    neuronSigma = initialNeuronSigma;
    sinceImprovement = 0;
    consider(e);
  };

  const tryOnce = (): void => {
    tried++;
    let single = -1;
    let neuron: readonly number[] | null = null;
    if (rng.next() < neuronShare) {
      neuron = neurons[rng.int(neurons.length)]!;
      const perWeight = neuronSigma / Math.sqrt(neuron.length);
      for (const k of neuron) params[k] = parent[k]! + perWeight * rng.gaussian();
    } else if (rng.next() < singleShare) {
      single = rng.int(n);
      params[single] = parent[single]! + singleSigma * rng.gaussian();
    } else {
      for (let i = 0; i < n; i++) params[i] = parent[i]! + sigma * rng.gaussian();
    }
    const e = evaluate();
    const before = parentLoss;
    const better = countCorrect
      ? e.correct > parentCorrect || (e.correct === parentCorrect && e.loss <= parentLoss)
      : e.loss <= parentLoss;
    if (better) {
      kept++;
      // "Real" improvement: by more than a sliver, so a flat plateau still counts as stuck.
      if (e.loss < parentLoss * (1 - 1e-3) || e.correct > parentCorrect) sinceImprovement = 0;
      else sinceImprovement++;
      parentLoss = e.loss;
      parentCorrect = e.correct;
      if (neuron) {
        for (const k of neuron) parent[k] = params[k]!;
        neuronSigma *= grow;
      } else if (single >= 0) {
        parent[single] = params[single]!;
        singleSigma *= grow;
      } else {
        parent.set(params);
        sigma *= grow;
      }
    } else {
      sinceImprovement++;
      if (neuron) {
        for (const k of neuron) params[k] = parent[k]!;
        neuronSigma *= shrink;
      } else if (single >= 0) {
        params[single] = parent[single]!;
        singleSigma *= shrink;
      } else {
        params.set(parent);
        sigma *= shrink;
      }
    }
    const changed = neuron ? neuron.slice() : single >= 0 ? [single] : allIndices.slice();
    lastTry = { changed, before, after: e.loss, kept: better };
    consider(e);
    if (reason === undefined && sinceImprovement >= patience) {
      restartsWithoutBetter = best.loss < bestAtRestart * (1 - 1e-3) ? 0 : restartsWithoutBetter + 1;
      bestAtRestart = best.loss;
      if (restartsWithoutBetter >= stallRestarts) {
        reason = 'stalled';
        return;
      }
      restarts++;
      newGuess(true);
    }
  };

  newGuess(options.fromRandomGuess ?? true);
  history.record(0, best.loss);

  return {
    network: net,
    history: () => history.points(),
    step(budget = 50): TrialAndErrorResult {
      const tries = numberOption(budget, 50, 'budget', { positive: true, integer: true });
      for (let t = 0; t < tries && reason === undefined; t++) {
        tryOnce();
        history.record(tried, best.loss);
      }
      return {
        step: tried,
        loss: best.loss,
        done: reason !== undefined,
        ...(reason === undefined ? {} : { reason }),
        tried,
        kept,
        evaluations,
        restarts,
        sigma,
        currentLoss: parentLoss,
        correct: best.correct,
        total: best.total,
        ...(lastTry ? { lastTry } : {}),
      };
    },
  };
}
