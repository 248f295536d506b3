/**
 * Benchmark of src/core against the limit (a hand-written Float64Array forward loop without a
 * trace) and against brain.js 1.6.1, on the same networks and data. A script module, never a
 * timed test: bench/run.ts calls `bench(log)` and prints the returned figures as JSON.
 *
 * Timings are medians over several interleaved rounds after a warm-up, so one GC pause or a
 * frequency change does not decide a verdict.
 */
import brain from 'brain.js';
import {
  classicCorpus,
  corpusLoss,
  createBackpropTrainer,
  createForwardRunner,
  createNetwork,
  createRng,
  createTrialAndErrorTrainer,
  packCorpus,
  type Network,
} from '../src/core/index.js';

type Log = (line: string) => void;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');

/** The limit: plain nested loops over the same weights, no trace, sigmoid inlined. */
function handForward(net: Network): (input: Float64Array) => Float64Array {
  const ws = net.layers.map((l) => l.weights);
  const bs = net.layers.map((l) => l.biases);
  const nIns = net.layers.map((l) => l.inputSize);
  const outs = net.layers.map((l) => new Float64Array(l.size));
  const count = net.layers.length;
  return (input) => {
    let prev = input;
    for (let l = 0; l < count; l++) {
      const w = ws[l]!;
      const b = bs[l]!;
      const out = outs[l]!;
      const nIn = nIns[l]!;
      for (let j = 0; j < out.length; j++) {
        let s = b[j]!;
        const row = j * nIn;
        for (let k = 0; k < nIn; k++) s += w[row + k]! * prev[k]!;
        out[j] = 1 / (1 + Math.exp(-s));
      }
      prev = out;
    }
    return prev;
  };
}

interface BrainNet {
  train(data: { input: number[]; output: number[] }[], opts?: Record<string, unknown>): { error: number; iterations: number };
  run(input: ArrayLike<number>): ArrayLike<number>;
  weights: Float32Array[][];
  biases: Float32Array[];
}

/** A brain.js network with our weights copied in (brain stores them per node, as Float32Array). */
function brainCopy(net: Network): BrainNet {
  const sizes = net.sizes;
  const b = new brain.NeuralNetwork({ hiddenLayers: sizes.slice(1, -1) }) as unknown as BrainNet;
  const zeros = (n: number) => Array.from({ length: n }, () => 0);
  b.train([{ input: zeros(sizes[0]!), output: zeros(sizes[sizes.length - 1]!) }], { iterations: 1 });
  net.layers.forEach((l, li) => {
    for (let j = 0; j < l.size; j++) {
      for (let k = 0; k < l.inputSize; k++) b.weights[li + 1]![j]![k] = l.weights[j * l.inputSize + k]!;
      b.biases[li + 1]![j] = l.biases[j]!;
    }
  });
  return b;
}

function forwardFigures(log: Log, sizes: number[]): Record<string, number | string> {
  const net = createNetwork({ sizes, seed: 1 });
  const rng = createRng(99);
  const inputs = Array.from({ length: 64 }, () => Float64Array.from({ length: sizes[0]! }, () => rng.next()));
  const runner = createForwardRunner(net);
  const hand = handForward(net);
  const bnet = brainCopy(net);
  // Same numbers in, (nearly) same numbers out: brain keeps weights in Float32.
  const check = Math.abs(runner.run(inputs[0]!).outputs[0]! - (bnet.run(inputs[0]!)[0] as number));
  if (check > 1e-5) throw new Error(`brain.js and core disagree by ${check} on ${sizes.join('-')}`);

  const work = sizes.reduce((a, n, i) => (i === 0 ? 0 : a + n * sizes[i - 1]!), 0);
  const passes = Math.max(2000, Math.round(4e6 / work));
  let sink = 0;
  const impls: Record<string, () => void> = {
    core: () => {
      for (let p = 0; p < passes; p++) sink += runner.run(inputs[p & 63]!).outputs[0]!;
    },
    hand: () => {
      for (let p = 0; p < passes; p++) sink += hand(inputs[p & 63]!)[0]!;
    },
    brain: () => {
      for (let p = 0; p < passes; p++) sink += bnet.run(inputs[p & 63]!)[0] as number;
    },
  };
  const times: Record<string, number[]> = { core: [], hand: [], brain: [] };
  for (const f of Object.values(impls)) f(); // warm-up: let the JIT settle every path
  for (let round = 0; round < 9; round++) {
    for (const [name, f] of Object.entries(impls)) {
      const t0 = performance.now();
      f();
      times[name]!.push(((performance.now() - t0) * 1e6) / passes);
    }
  }
  const ns = { core: median(times['core']!), hand: median(times['hand']!), brain: median(times['brain']!) };
  const vsHand = ns.core / ns.hand;
  const vsBrain = ns.core / ns.brain;
  const name = sizes.join('-');
  log(
    `forward ${name}: core with trace ${fmt(ns.core)} ns/pass, hand loop ${fmt(ns.hand)} ns, brain.js run() ${fmt(ns.brain)} ns` +
      ` | core/hand ${fmt(vsHand, 2)}x (target <= 1.2) ${verdict(vsHand <= 1.2)}, core/brain ${fmt(vsBrain, 2)}x (target < 1) ${verdict(vsBrain < 1)}`,
  );
  // Using the sum keeps the JIT from dropping passes whose results nobody reads.
  if (!Number.isFinite(sink)) throw new Error('forward outputs are not finite');
  return {
    [`forward_${name}_core_ns`]: +fmt(ns.core),
    [`forward_${name}_hand_ns`]: +fmt(ns.hand),
    [`forward_${name}_brain_ns`]: +fmt(ns.brain),
    [`forward_${name}_core_vs_hand`]: +fmt(vsHand, 3),
    [`forward_${name}_core_vs_brain`]: +fmt(vsBrain, 3),
    [`forward_${name}_pass`]: verdict(vsHand <= 1.2 && vsBrain < 1),
  };
}

function backpropFigures(log: Log): Record<string, number | string> {
  const corpus = classicCorpus('xor');
  const data = corpus.examples.map((e) => ({ input: [...e.inputs], output: [...e.targets] }));
  const ours = (seed: number): { ms: number; epochs: number; loss: number } => {
    const t0 = performance.now();
    const net = createNetwork({ sizes: [2, 3, 1], seed });
    const trainer = createBackpropTrainer(net, corpus, { targetLoss: 0.005 });
    let r = trainer.step(100);
    while (!r.done) r = trainer.step(100);
    const ms = performance.now() - t0;
    return { ms, epochs: r.step, loss: r.reason === 'target-reached' ? r.loss : Infinity };
  };
  const theirs = (): { ms: number; epochs: number; loss: number } => {
    const t0 = performance.now();
    const b = new brain.NeuralNetwork({ hiddenLayers: [3] }) as unknown as BrainNet;
    const r = b.train(data);
    return { ms: performance.now() - t0, epochs: r.iterations, loss: r.error };
  };
  for (let i = 0; i < 20; i++) {
    ours(1000 + i);
    theirs();
  }
  const seeds = 30;
  const o = Array.from({ length: seeds }, (_, i) => ours(i + 1));
  const t = Array.from({ length: seeds }, () => theirs());
  const oMs = median(o.map((x) => x.ms));
  const tMs = median(t.map((x) => x.ms));
  const solved = o.filter((x) => x.loss < 0.005).length;
  const ok = oMs < tMs && solved === seeds;
  log(
    `backprop XOR 2-3-1 to MSE < 0.005 (lr 0.7, momentum 0.9, online): median ${fmt(oMs, 3)} ms, ${median(o.map((x) => x.epochs))} epochs, ` +
      `worst ${fmt(Math.max(...o.map((x) => x.ms)), 3)} ms, solved ${solved}/${seeds} seeds | brain.js train() defaults: median ${fmt(tMs, 3)} ms, ` +
      `${median(t.map((x) => x.epochs))} iterations | ratio ${fmt(oMs / tMs, 3)}x ${verdict(ok)}`,
  );
  return {
    backprop_xor_ms_median: +fmt(oMs, 3),
    backprop_xor_epochs_median: median(o.map((x) => x.epochs)),
    backprop_xor_solved: solved,
    brain_train_xor_ms_median: +fmt(tMs, 3),
    brain_train_xor_iterations_median: median(t.map((x) => x.epochs)),
    backprop_vs_brain_train: +fmt(oMs / tMs, 3),
    backprop_pass: verdict(ok),
  };
}

function trialAndErrorXor(log: Log): Record<string, number | string> {
  const corpus = classicCorpus('xor');
  const evals: number[] = [];
  let solved = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const net = createNetwork({ sizes: [2, 3, 1], seed });
    const trainer = createTrialAndErrorTrainer(net, corpus, { seed, targetLoss: 0.005, maxEvaluations: 100_000 });
    let r = trainer.step(500);
    while (!r.done) r = trainer.step(500);
    // Confirm independently that the network the caller holds is really that good.
    if (r.reason === 'target-reached' && corpusLoss(createForwardRunner(net), packCorpus(corpus, net)) < 0.005) solved++;
    evals.push(r.evaluations);
  }
  const med = median(evals);
  const ok = solved === 100 && med <= 400;
  log(
    `trial and error XOR 2-3-1 to MSE < 0.005: solved ${solved}/100 seeds, corpus evaluations median ${med}, worst ${Math.max(...evals)}` +
      ` (target 100/100, median <= 400) ${verdict(ok)}`,
  );
  return {
    te_xor_solved: solved,
    te_xor_evaluations_median: med,
    te_xor_evaluations_worst: Math.max(...evals),
    te_xor_pass: verdict(ok),
  };
}

function trialAndErrorDigits(log: Log): Record<string, number | string> {
  const corpus = classicCorpus('seven-segment');
  const hidden = 16;
  const evals: number[] = [];
  let solved = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const net = createNetwork({ sizes: [7, hidden, 10], seed });
    const trainer = createTrialAndErrorTrainer(net, corpus, {
      seed,
      rule: 'argmax',
      stopWhenAllCorrect: true,
      maxEvaluations: 100_000,
    });
    let r = trainer.step(500);
    while (!r.done) r = trainer.step(500);
    // Independent check: argmax of the outputs equals the digit for all ten.
    const runner = createForwardRunner(net);
    const right = corpus.examples.every((e, digit) => {
      const out = runner.run(e.inputs).outputs;
      return out.indexOf(Math.max(...out)) === digit;
    });
    if (right) solved++;
    evals.push(r.evaluations);
  }
  const med = median(evals);
  const ok = solved === 100 && med <= 2000;
  log(
    `trial and error 7-segment digits, 7-${hidden}-10, all ten right by argmax: solved ${solved}/100 seeds, corpus evaluations median ${med}, ` +
      `worst ${Math.max(...evals)} (target median <= 2000) ${verdict(ok)}`,
  );
  return {
    te_digits_hidden: hidden,
    te_digits_rule: 'argmax',
    te_digits_solved: solved,
    te_digits_evaluations_median: med,
    te_digits_evaluations_worst: Math.max(...evals),
    te_digits_pass: verdict(ok),
  };
}

/** Runs every core benchmark, logs a line per figure and returns the figures. */
export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  log('core bench: medians over interleaved rounds after warm-up');
  const figures: Record<string, unknown> = {};
  for (const sizes of [[2, 3, 1], [8, 16, 8], [16, 32, 16]]) Object.assign(figures, forwardFigures(log, sizes));
  Object.assign(figures, backpropFigures(log));
  Object.assign(figures, trialAndErrorXor(log));
  Object.assign(figures, trialAndErrorDigits(log));
  return figures;
}
