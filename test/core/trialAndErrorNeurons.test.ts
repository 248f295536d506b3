import { describe, expect, it } from 'vitest';
import { classicCorpus, createForwardRunner, createNetwork, createTrialAndErrorTrainer, evaluateCorpus, packCorpus } from '../../src/core/index.js';
import { neuronParams } from '../../src/core/train/neurons.js';

describe('trial and error: one neuron at a time', () => {
  it('knows which params belong to each neuron: its incoming weights, then its bias', () => {
    // 2-3-1: layer 1 weights 0-5 (row j feeds node j), biases 6-8; layer 2 weights 9-11, bias 12.
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    expect(neuronParams(net)).toEqual([
      [0, 1, 6],
      [2, 3, 7],
      [4, 5, 8],
      [9, 10, 11, 12],
    ]);
  });

  it('most tries change one neuron: all its incoming weights and its bias together, and say so', () => {
    const net = createNetwork({ sizes: [7, 8, 10], seed: 1 });
    const groups = new Map(neuronParams(net).map((g) => [g.join(','), g]));
    const trainer = createTrialAndErrorTrainer(net, classicCorpus('seven-segment'), { seed: 4, targetLoss: 0, patience: 100_000 });
    let tries = 0;
    let neuronTries = 0;
    let checked = 0;
    let inSync = true;
    let previous = Float64Array.from(net.params);
    for (let i = 0; i < 2_000; i++) {
      const r = trainer.step(1);
      const t = r.lastTry!;
      tries++;
      const isNeuron = groups.has(t.changed.join(','));
      if (isNeuron) neuronTries++;
      // `network` holds the best; while the network being improved is that best, a try that beats
      // it moves exactly the reported params. (A kept try that only ties, on a saturated neuron,
      // moves the network being improved but not the best: the two part until the next win.)
      const wins = t.kept && t.after < t.before && r.loss === t.after;
      if (wins && inSync) {
        const moved = [...net.params.keys()].filter((k) => net.params[k] !== previous[k]);
        if (isNeuron) {
          expect(moved).toEqual(t.changed);
          checked++;
        } else expect(t.changed).toEqual(expect.arrayContaining(moved));
      }
      if (t.kept) inSync = wins;
      previous = Float64Array.from(net.params);
    }
    // The old search changed one weight or all of them, never one neuron's (8 or 9 params).
    expect(neuronTries / tries).toBeGreaterThan(0.7);
    expect(checked).toBeGreaterThan(20);
  });

  it('does not stop at the target loss while an example is still wrong', () => {
    // A loose target that the first guess already meets while it gets XOR wrong: "close" is not "right".
    const net = createNetwork({ sizes: [2, 3, 1], seed: 2 });
    const corpus = classicCorpus('xor');
    const first = evaluateCorpus(createForwardRunner(net), packCorpus(corpus, net));
    expect(first.loss).toBeLessThan(0.5);
    expect(first.correct).toBeLessThan(4);
    const trainer = createTrialAndErrorTrainer(net, corpus, { seed: 2, targetLoss: 0.5, fromRandomGuess: false, maxEvaluations: 20_000 });
    let r = trainer.step(1);
    while (!r.done) r = trainer.step(1);
    expect(r.reason).toBe('target-reached');
    expect(r.correct).toBe(4);
    expect(evaluateCorpus(createForwardRunner(net), packCorpus(corpus, net)).correct).toBe(4);
  });
});
