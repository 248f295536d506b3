import { describe, expect, it } from 'vitest';
import { classicCorpus, createNetwork, createPerceptronTrainer, forwardPass, isNbError, Corpus } from '../../src/core/index.js';

function train(name: 'and' | 'or' | 'xor' | 'majority3', options = {}) {
  const corpus = classicCorpus(name);
  const net = createNetwork({ sizes: [corpus.inputSize, 1], activation: 'step', seed: 1 });
  const trainer = createPerceptronTrainer(net, corpus, options);
  let r = trainer.step(1);
  while (!r.done) r = trainer.step(1);
  return { net, corpus, r };
}

describe('perceptron rule', () => {
  for (const name of ['and', 'or', 'majority3'] as const) {
    it(`learns ${name} (linearly separable) and gets every example right`, () => {
      const { net, corpus, r } = train(name);
      expect(r).toMatchObject({ done: true, converged: true, reason: 'converged', errors: 0, loss: 0 });
      for (const e of corpus.examples) expect(forwardPass(net, e.inputs).outputs[0]).toBe(e.targets[0]);
    });
  }

  it('reports XOR as not linearly separable, with a message a visitor can read', () => {
    const { r } = train('xor');
    expect(r).toMatchObject({
      done: true,
      converged: false,
      reason: 'not-linearly-separable',
      code: 'NB_ERR_NOT_SEPARABLE',
      message: 'XOR cannot be separated by one straight line: a hidden layer is needed',
    });
  });

  it('reports a non-separable corpus after maxEpochs when no cycle can be proven (fractional inputs, 5 examples)', () => {
    const corpus = new Corpus(2, 1, [
      { inputs: [0.1, 0.1], targets: [0] },
      { inputs: [0.1, 0.9], targets: [1] },
      { inputs: [0.9, 0.1], targets: [1] },
      { inputs: [0.9, 0.9], targets: [0] },
      { inputs: [0.5, 0.5], targets: [1] },
    ]);
    const net = createNetwork({ sizes: [2, 1], activation: 'step' });
    const r = createPerceptronTrainer(net, corpus, { maxEpochs: 50 }).step(1000);
    expect(r).toMatchObject({ done: true, converged: false, reason: 'not-linearly-separable' });
    expect(r.step).toBe(50);
    expect(r.message).toBe('These examples cannot be separated by one straight line: a hidden layer is needed');
  });

  it('refuses a network with a hidden layer (2-3-1) with NB_ERR_INVALID_ARGUMENT that says so', () => {
    const net = createNetwork({ sizes: [2, 3, 1], activation: 'step' });
    let caught: unknown;
    try {
      createPerceptronTrainer(net, classicCorpus('and'));
    } catch (err) {
      caught = err;
    }
    expect(isNbError(caught, 'NB_ERR_INVALID_ARGUMENT')).toBe(true);
    expect((caught as Error).message).toMatch(/single layer.*1 hidden layer/);
  });

  it('refuses a sigmoid layer, asking for the step activation', () => {
    const net = createNetwork({ sizes: [2, 1] });
    expect(() => createPerceptronTrainer(net, classicCorpus('and'))).toThrow(/needs the step activation.*activation: 'step'/);
  });
});
