/**
 * What a spiking network answers, and whether it answers what the network it stands for answers.
 *
 * Spikes are not numbers: the answer is read from how many times each output spiked over the last
 * decision window. Before the exhibit shows a network spiking (and after every training) the host
 * runs every corpus example through it in simulated time and compares: "agrees on N of N". A
 * spiking network that answers differently is never shown without saying so; `checkAgreement`
 * lists the examples that differ.
 *
 * The remedy, when some differ, is a longer decision window (up to a bound), never a change to
 * the network: the exhibit keeps showing the weights people watched it learn, and nothing new has
 * to be saved. Why that is enough is measured in docs/spiking.md and bench/spiking.ts: the
 * differences left are outputs whose rate sits near the decision line, where counting longer
 * averages the noise away.
 */
import type { Corpus } from './corpus.js';
import { NbError } from './errors.js';
import { argmax, type CorrectnessRule } from './evaluate.js';
import { createForwardRunner } from './forward.js';
import type { Network } from './network.js';
import { createSpikingNetwork, spikingParams, type SpikingNetwork, type SpikingParams } from './spiking.js';

/**
 * An answer, as the output boards show it: the indices of the outputs that light. With the
 * `'threshold'` rule, every output at or above its layer's threshold; with `'argmax'` (one-hot
 * outputs), the one strongest output when it is also at or above the threshold, else none: with
 * nothing pressed a digits rig answers nothing rather than pick among near-silent outputs (for a
 * spiking network, a tie for the most spikes is no answer either).
 */
export type Answer = number[];

/** The network's own answer for its outputs (`outputs` from a forward pass). */
export function networkAnswer(net: Network, outputs: ArrayLike<number>, rule: CorrectnessRule): Answer {
  const threshold = net.layers[net.layers.length - 1]!.threshold;
  if (rule === 'argmax') {
    const best = argmax(outputs);
    return outputs[best]! >= threshold ? [best] : [];
  }
  const lit: number[] = [];
  for (let o = 0; o < outputs.length; o++) if (outputs[o]! >= threshold) lit.push(o);
  return lit;
}

/**
 * The spiking network's answer now, from its outputs' spike counts over the last window: an output
 * is lit when its rate reaches the layer's threshold times the top rate; `'threshold'` answers
 * every lit output, `'argmax'` the one that spiked more than every other, if it is lit.
 */
export function spikingAnswer(spiking: SpikingNetwork, rule: CorrectnessRule): Answer {
  const lit = new Uint8Array(spiking.network.sizes[spiking.network.sizes.length - 1]!);
  readAnswer(spiking, rule, lit);
  const answer: number[] = [];
  lit.forEach((on, o) => on && answer.push(o));
  return answer;
}

/** Writes 1 into `lit` for each output that lights now and 0 elsewhere; returns true when any entry changed. Does not allocate. */
function readAnswer(spiking: SpikingNetwork, rule: CorrectnessRule, lit: Uint8Array): boolean {
  const counts = spiking.windowCounts[spiking.windowCounts.length - 1]!;
  const { params, mapping, network } = spiking;
  // The slack keeps a count of exactly threshold × top rate × window (5 of 10) lit despite rounding.
  const need = network.layers[network.layers.length - 1]!.threshold * mapping.maxRate * (params.windowMs / 1000) - 1e-9;
  let winner = -1;
  if (rule === 'argmax') {
    let best = 0;
    let tied = false;
    for (let o = 1; o < counts.length; o++) {
      if (counts[o]! > counts[best]!) {
        best = o;
        tied = false;
      } else if (counts[o] === counts[best]) tied = true;
    }
    if (!tied && counts[best]! >= need) winner = best;
  }
  let changed = false;
  for (let o = 0; o < counts.length; o++) {
    const on = rule === 'argmax' ? (o === winner ? 1 : 0) : counts[o]! >= need ? 1 : 0;
    if (lit[o] !== on) {
      lit[o] = on;
      changed = true;
    }
  }
  return changed;
}

/** What one example did in a spiking network: the answer it settled on, and how fast. */
export interface ExampleRun {
  /** The answer at the end: `settleMs` plus one window after the inputs were switched on (from idle). */
  answer: Answer;
  /** False when the answer still changed during that last window (it never settled). */
  steady: boolean;
  /** From the inputs switched on (the exhibit idle, every input off) to the last change of the answer. */
  pressToSettledMs: number;
  /** From those inputs switched off again to the last change of the answer (for on/off outputs: quiet). */
  offToQuietMs: number;
}

/**
 * Runs one example in simulated time as a visitor would meet it: from rest, the exhibit idles with
 * every input off for `settleMs` plus one window; then `inputs` are switched on for as long, then
 * off again for as long. The answer is read at every step.
 */
export function runExample(spiking: SpikingNetwork, inputs: ArrayLike<number>, rule: CorrectnessRule, settleMs: number): ExampleRun {
  const outputs = spiking.network.sizes[spiking.network.sizes.length - 1]!;
  const lit = new Uint8Array(outputs);
  const off = new Float64Array(inputs.length);
  const holdMs = settleMs + spiking.params.windowMs;
  const dt = spiking.params.dtMs;
  // Runs `holdMs` and returns when (from its start) the answer last changed.
  const hold = (): number => {
    const start = spiking.timeMs;
    readAnswer(spiking, rule, lit);
    let lastChange = 0;
    while (spiking.timeMs - start < holdMs - dt / 2) {
      spiking.step();
      if (readAnswer(spiking, rule, lit)) lastChange = spiking.timeMs - start;
    }
    return lastChange;
  };
  spiking.reset();
  spiking.setInputs(off);
  hold();
  spiking.setInputs(inputs);
  const pressToSettledMs = hold();
  const answer: Answer = [];
  lit.forEach((on, o) => on && answer.push(o));
  spiking.setInputs(off);
  const offToQuietMs = hold();
  return { answer, steady: pressToSettledMs <= settleMs, pressToSettledMs, offToQuietMs };
}

/** How `checkAgreement` reads answers and how far it may go to make them agree. */
export interface AgreementOptions {
  /** `'threshold'` for on/off outputs (XOR), `'argmax'` for one-hot outputs (the digits). Default `'threshold'`. */
  rule?: CorrectnessRule;
  /** How long after a press the answer must have settled; it is read over the window after that. Default 3000 ms. */
  settleMs?: number;
  /** The remedy's bound: the longest decision window it may choose. Default 2000 ms. */
  maxWindowMs?: number;
  /** How much longer each try of the remedy makes the window. Default 500 ms. */
  windowStepMs?: number;
}

/** One example on which the spiking network answers differently. */
export interface Difference {
  /** Where the example is in the corpus, and its label when it has one. */
  index: number;
  label?: string;
  inputs: number[];
  networkAnswer: Answer;
  spikingAnswer: Answer;
  /** False when the spiking answer was still changing at the end (no steady answer at all). */
  steady: boolean;
}

/** The agreement check's report. Every count in it was measured with `windowMs`. */
export interface AgreementReport {
  /** Examples on which the spiking network settled on the network's answer, of all of them. */
  right: number;
  of: number;
  /** The examples that differ, at `windowMs` (empty when `right === of`). */
  differing: Difference[];
  /** The decision window to run the spiking network with (the remedy may have lengthened it). */
  windowMs: number;
  /** `'none'` when the first window agreed on every example; `'longer-window'` when it had to grow. */
  remedy: 'none' | 'longer-window';
  /** Each window tried, in order, and how many examples agreed with it. */
  tried: { windowMs: number; right: number }[];
  /** Worst over the corpus at `windowMs`: from a press to the answer settling, from inputs off to it settling. */
  pressToSettledMs: number;
  offToQuietMs: number;
}

/**
 * Runs every corpus example through a spiking twin of `net` and compares its answers with the
 * network's. When some differ, lengthens the decision window by `windowStepMs` and measures
 * again, up to `maxWindowMs`; the report says which window it settled on and what still differs.
 */
export function checkAgreement(
  net: Network,
  corpus: Corpus,
  params: Partial<SpikingParams> = {},
  options: AgreementOptions = {},
): AgreementReport {
  const base = spikingParams(params);
  const rule = options.rule ?? 'threshold';
  const settleMs = options.settleMs ?? 3000;
  const maxWindowMs = Math.max(base.windowMs, options.maxWindowMs ?? 2000);
  const windowStepMs = options.windowStepMs ?? 500;
  if (!(settleMs >= 0 && settleMs <= 60_000)) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `settleMs must be from 0 to 60000 ms, got ${String(settleMs)}`, { field: 'settleMs' });
  }
  if (!(windowStepMs > 0)) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `windowStepMs must be above 0 ms, got ${String(windowStepMs)}`, { field: 'windowStepMs' });
  }
  if (corpus.inputSize !== net.sizes[0] || corpus.outputSize !== net.sizes[net.sizes.length - 1]) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `the corpus has ${corpus.inputSize} inputs and ${corpus.outputSize} outputs per example but the network is [${net.sizes.join(', ')}]`,
      { field: 'corpus' },
    );
  }
  if (rule === 'argmax' && corpus.outputSize < 2) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', 'the argmax rule picks one output of several; this network has one output: use the threshold rule', {
      field: 'rule',
    });
  }
  const runner = createForwardRunner(net);
  const wanted = corpus.examples.map((e) => networkAnswer(net, runner.run(e.inputs).outputs, rule));
  const tried: AgreementReport['tried'] = [];

  const measure = (windowMs: number): AgreementReport => {
    const spiking = createSpikingNetwork(net, { ...base, windowMs });
    const differing: Difference[] = [];
    let pressToSettledMs = 0;
    let offToQuietMs = 0;
    corpus.examples.forEach((e, index) => {
      const run = runExample(spiking, e.inputs, rule, settleMs);
      pressToSettledMs = Math.max(pressToSettledMs, run.pressToSettledMs);
      offToQuietMs = Math.max(offToQuietMs, run.offToQuietMs);
      const want = wanted[index]!;
      if (run.steady && sameAnswer(run.answer, want)) return;
      differing.push({
        index,
        ...(e.label === undefined ? {} : { label: e.label }),
        inputs: [...e.inputs],
        networkAnswer: want,
        spikingAnswer: run.answer,
        steady: run.steady,
      });
    });
    const right = corpus.size - differing.length;
    tried.push({ windowMs, right });
    return {
      right,
      of: corpus.size,
      differing,
      windowMs,
      remedy: windowMs === base.windowMs ? 'none' : 'longer-window',
      tried,
      pressToSettledMs,
      offToQuietMs,
    };
  };

  let report = measure(base.windowMs);
  while (report.right < report.of && report.windowMs < maxWindowMs) {
    report = measure(Math.min(maxWindowMs, report.windowMs + windowStepMs));
  }
  return report;
}

function sameAnswer(a: Answer, b: Answer): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
