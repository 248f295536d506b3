import { describe, expect, it } from 'vitest';
import {
  Corpus,
  classicCorpus,
  corpusLoss,
  createBackpropTrainer,
  createForwardRunner,
  createNetwork,
  packCorpus,
} from '../../src/core/index.js';

describe('backpropagation with momentum', () => {
  for (const seed of [1, 2, 3]) {
    it(`learns XOR to MSE < 0.01 online (seed ${seed}), in bounded slices`, () => {
      const net = createNetwork({ sizes: [2, 3, 1], seed });
      const corpus = classicCorpus('xor');
      const trainer = createBackpropTrainer(net, corpus, { targetLoss: 0.01 });
      let r = trainer.step(5);
      expect(r.step).toBe(5);
      while (!r.done) r = trainer.step(50);
      expect(r.reason).toBe('target-reached');
      expect(r.loss).toBeLessThan(0.01);
      // The reported loss is the exact corpus MSE of the network the caller holds.
      expect(corpusLoss(createForwardRunner(net), packCorpus(corpus, net))).toBe(r.loss);
      expect(trainer.step().step).toBe(r.step); // done: further calls change nothing
    });
  }

  it('learns XOR with mini-batches (batchSize 2) too', () => {
    const net = createNetwork({ sizes: [2, 4, 1], seed: 4 });
    const trainer = createBackpropTrainer(net, classicCorpus('xor'), { batchSize: 2, targetLoss: 0.01, learningRate: 1.5 });
    let r = trainer.step(100);
    while (!r.done) r = trainer.step(100);
    expect(r.reason).toBe('target-reached');
  });

  it('stops at maxEpochs with reason max-steps', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    const r = createBackpropTrainer(net, classicCorpus('xor'), { maxEpochs: 3, targetLoss: 0 }).step(10);
    expect(r).toMatchObject({ step: 3, done: true, reason: 'max-steps' });
  });

  it('rejects a learning rate of 0, a momentum of 1, a batch size of 1.5, an empty corpus and a 3-input corpus for a 2-input net', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    const xor = classicCorpus('xor');
    expect(() => createBackpropTrainer(net, xor, { learningRate: 0 })).toThrow(/learningRate must be a number above 0, got 0/);
    expect(() => createBackpropTrainer(net, xor, { momentum: 1 })).toThrow(/momentum must be a number at least 0 and at most 0.999/);
    expect(() => createBackpropTrainer(net, xor, { batchSize: 1.5 })).toThrow(/batchSize must be a whole number/);
    expect(() => createBackpropTrainer(net, new Corpus(2, 1))).toThrow(/corpus is empty/);
    expect(() => createBackpropTrainer(net, classicCorpus('majority3'))).toThrow(/3 inputs per example but the network takes 2/);
  });
});
