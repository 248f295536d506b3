import { describe, expect, it } from 'vitest';
import {
  classicCorpus,
  corpusLoss,
  createForwardRunner,
  createNetwork,
  createTrialAndErrorTrainer,
  evaluateCorpus,
  packCorpus,
} from '../../src/core/index.js';

describe('trial and error', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`learns XOR (2-3-1) to MSE < 0.01 (seed ${seed})`, () => {
      const net = createNetwork({ sizes: [2, 3, 1], seed });
      const corpus = classicCorpus('xor');
      const trainer = createTrialAndErrorTrainer(net, corpus, { seed, targetLoss: 0.01, maxEvaluations: 20_000 });
      let r = trainer.step();
      while (!r.done) r = trainer.step();
      expect(r.reason).toBe('target-reached');
      expect(r.loss).toBeLessThan(0.01);
      expect(corpusLoss(createForwardRunner(net), packCorpus(corpus, net))).toBe(r.loss);
      // Counts add up: one evaluation per try plus one per guess (the first and each restart).
      expect(r.evaluations).toBe(r.tried + 1 + r.restarts);
      expect(r.kept).toBeLessThanOrEqual(r.tried);
      expect(r.correct).toBe(4);
    });
  }

  it('repeats exactly for a seed', () => {
    const run = () => {
      const net = createNetwork({ sizes: [2, 3, 1], seed: 8 });
      const t = createTrialAndErrorTrainer(net, classicCorpus('xor'), { seed: 8 });
      return [t.step(300), Array.from(net.params)];
    };
    expect(run()).toEqual(run());
  });

  it('never loses the best network: the loss it reports never rises across steps and restarts', () => {
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    // A tiny patience forces many restarts from new random guesses.
    const trainer = createTrialAndErrorTrainer(net, classicCorpus('xor'), { seed: 3, patience: 5, targetLoss: 0 });
    let previous = Infinity;
    let r = trainer.step(1);
    for (let i = 0; i < 400; i++) {
      r = trainer.step(1);
      expect(r.loss).toBeLessThanOrEqual(previous);
      previous = r.loss;
    }
    expect(r.restarts).toBeGreaterThan(10);
    expect(corpusLoss(createForwardRunner(net), packCorpus(classicCorpus('xor'), net))).toBe(r.loss);
  });

  it('keeps a bounded, downsampled loss history spanning the whole run', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    const trainer = createTrialAndErrorTrainer(net, classicCorpus('xor'), { seed: 1, targetLoss: 0, historySize: 32 });
    trainer.step(5000);
    const h = trainer.history();
    expect(h.length).toBeLessThanOrEqual(33);
    expect(h[0]!.step).toBe(0);
    expect(h[h.length - 1]!.step).toBe(5000);
    for (let i = 1; i < h.length; i++) expect(h[i]!.loss).toBeLessThanOrEqual(h[i - 1]!.loss);
  });

  it('gets all ten 7-segment digits right (argmax) with stopWhenAllCorrect', () => {
    const net = createNetwork({ sizes: [7, 16, 10], seed: 1 });
    const corpus = classicCorpus('seven-segment');
    const trainer = createTrialAndErrorTrainer(net, corpus, { seed: 1, rule: 'argmax', stopWhenAllCorrect: true, maxEvaluations: 50_000 });
    let r = trainer.step(500);
    while (!r.done) r = trainer.step(500);
    expect(r.reason).toBe('converged');
    expect(evaluateCorpus(createForwardRunner(net), packCorpus(corpus, net), 'argmax').correct).toBe(10);
  });

  it('stops at maxEvaluations, and rejects a negative initialStep, a patience of 0.5 and a budget of 0', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    const xor = classicCorpus('xor');
    const r = createTrialAndErrorTrainer(net, xor, { maxEvaluations: 10, targetLoss: 0 }).step(100);
    expect(r).toMatchObject({ done: true, reason: 'max-evaluations', evaluations: 10 });
    expect(() => createTrialAndErrorTrainer(net, xor, { initialStep: -1 })).toThrow(/initialStep must be a number above 0/);
    expect(() => createTrialAndErrorTrainer(net, xor, { patience: 0.5 })).toThrow(/patience must be a whole number/);
    expect(() => createTrialAndErrorTrainer(net, xor).step(0)).toThrow(/budget must be a whole number above 0/);
  });
});
