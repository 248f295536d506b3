/**
 * The agreement check: before a network is shown spiking, every corpus example is run in simulated
 * time and its spiking answer compared with the network's. Tested on the shipped rigs' networks
 * trained as the rigs train them, on trial-and-error networks (large weights), on a network whose
 * spiking twin cannot agree (it must say so, and which example), and on one that needs the remedy.
 */
import { describe, expect, it } from 'vitest';
import {
  allocateNetwork,
  checkAgreement,
  classicCorpus,
  Corpus,
  createBackpropTrainer,
  createNetwork,
  createSpikingNetwork,
  createTrialAndErrorTrainer,
  networkAnswer,
  runExample,
  spikingAnswer,
  type Network,
} from '../../src/core/index.js';

/** Trains as the exhibit does on start: the rig's seeded network, trial and error to the rig's target loss. */
function trainedLikeTheRig(sizes: number[], seed: number, corpus: Corpus, targetLoss: number): Network {
  const net = createNetwork({ sizes, seed });
  const trainer = createTrialAndErrorTrainer(net, corpus, { targetLoss, fromRandomGuess: false });
  let r = trainer.step(500);
  while (!r.done) r = trainer.step(500);
  expect(r.reason).toBe('target-reached');
  return net;
}

/**
 * 1 → 1 → 1: the hidden neuron fires twice a second (z = −1.2) and each of its spikes, through a
 * weight of 6, gives the output a burst; the output averages about 4.3 spikes a second against a
 * line of 5 (the network says 0.47: off). A 1 s window holds 4 or 5 of them, so the answer flickers;
 * a 1.5 s window holds 6 or 7, under its line of 7.5.
 */
function burstyNetwork(): Network {
  const net = allocateNetwork([1, 1, 1], ['sigmoid', 'sigmoid'], [0.5, 0.5]);
  net.layers[0]!.weights[0] = 4;
  net.layers[0]!.biases[0] = -5.2;
  net.layers[1]!.weights[0] = 6;
  net.layers[1]!.biases[0] = -1.5;
  return net;
}

describe('agreement check', () => {
  it('the XOR rig (2-3-1, seed 7, trial and error to 0.005): agrees on 4 of 4 at once, settled within 3 s of a press and of inputs off', () => {
    const corpus = classicCorpus('xor');
    const report = checkAgreement(trainedLikeTheRig([2, 3, 1], 7, corpus, 0.005), corpus, { axonDelayMs: 300 });
    expect(report).toMatchObject({ right: 4, of: 4, differing: [], remedy: 'none', windowMs: 1000 });
    expect(report.pressToSettledMs).toBeLessThanOrEqual(3000);
    expect(report.offToQuietMs).toBeLessThanOrEqual(3000);
  });

  it('the digits7 rig (7-8-10, seed 3, trial and error to 0.004): agrees on 10 of 10 by argmax and output by output', () => {
    const corpus = classicCorpus('seven-segment');
    const net = trainedLikeTheRig([7, 8, 10], 3, corpus, 0.004);
    for (const rule of ['argmax', 'threshold'] as const) {
      const report = checkAgreement(net, corpus, { axonDelayMs: 250 }, { rule });
      expect(report.right, `${rule}: ${JSON.stringify(report.differing)}`).toBe(10);
      expect(report.pressToSettledMs).toBeLessThanOrEqual(3000);
    }
  });

  it('XOR networks trained by trial and error from ten seeds (weights up to ±30) and by backprop all agree', () => {
    const corpus = classicCorpus('xor');
    for (let seed = 1; seed <= 10; seed++) {
      const net = createNetwork({ sizes: [2, 3, 1], seed });
      const trainer = createTrialAndErrorTrainer(net, corpus, { seed, targetLoss: 0.005 });
      let r = trainer.step(500);
      while (!r.done) r = trainer.step(500);
      expect(checkAgreement(net, corpus).right, `trial and error, seed ${seed}`).toBe(4);
      const bp = createNetwork({ sizes: [2, 3, 1], seed });
      const backprop = createBackpropTrainer(bp, corpus, { targetLoss: 0.005 });
      let b = backprop.step(100);
      while (!b.done) b = backprop.step(100);
      if (b.reason === 'target-reached') expect(checkAgreement(bp, corpus).right, `backprop, seed ${seed}`).toBe(4);
    }
  });

  it('says which example differs, and what each answered, when no window makes the spiking twin agree', () => {
    // Hidden z = 3: the sigmoid says 0.953, the hard sigmoid (and so the spikes) 1. The output's
    // sum is then 10·0.953 − 9.7 = −0.17 (off) for the network but 10·1 − 9.7 = +0.3 (on) spiking.
    const net = allocateNetwork([1, 1, 1], ['sigmoid', 'sigmoid'], [0.5, 0.5]);
    net.layers[0]!.weights[0] = 4;
    net.layers[0]!.biases[0] = -1;
    net.layers[1]!.weights[0] = 10;
    net.layers[1]!.biases[0] = -9.7;
    const corpus = new Corpus(1, 1, [
      { inputs: [0], targets: [0], label: 'off' },
      { inputs: [1], targets: [0], label: 'on' },
    ]);
    const report = checkAgreement(net, corpus);
    expect(report.right).toBe(1);
    expect(report.of).toBe(2);
    expect(report.differing).toEqual([{ index: 1, label: 'on', inputs: [1], networkAnswer: [], spikingAnswer: [0], steady: true }]);
    // It tried every window up to the bound, and the report is the last one measured.
    expect(report.tried).toEqual([
      { windowMs: 1000, right: 1 },
      { windowMs: 1500, right: 1 },
      { windowMs: 2000, right: 1 },
    ]);
    expect(report).toMatchObject({ windowMs: 2000, remedy: 'longer-window' });
  });

  it('lengthens the window when an output wavers near the line, stops at the first window that agrees, and says so', () => {
    const corpus = new Corpus(1, 1, [{ inputs: [1], targets: [0] }]);
    const net = burstyNetwork();
    const report = checkAgreement(net, corpus);
    expect(report.tried).toEqual([
      { windowMs: 1000, right: 0 },
      { windowMs: 1500, right: 1 },
    ]);
    expect(report).toMatchObject({ right: 1, of: 1, differing: [], windowMs: 1500, remedy: 'longer-window' });
  });

  it('never reports agreement it did not measure: its verdicts are those of fresh runs at each window', () => {
    const net = burstyNetwork();
    const at = (windowMs: number) => runExample(createSpikingNetwork(net, { windowMs }), [1], 'threshold', 3000);
    // At 1 s the answer still changes after the 3 s it had to settle; at 1.5 s it has settled on "off", as the network says.
    expect(at(1000).steady).toBe(false);
    expect(at(1500)).toMatchObject({ steady: true, answer: [] });
    const corpus = new Corpus(1, 1, [{ inputs: [1], targets: [0] }]);
    expect(checkAgreement(net, corpus, { windowMs: 1000 }, { maxWindowMs: 1000 })).toMatchObject({ right: 0, remedy: 'none', windowMs: 1000 });
  });

  it('reads a spiking answer by threshold (each output at half the top rate) and by argmax (the one busiest output, if lit)', () => {
    const net = allocateNetwork([1, 3], ['sigmoid'], [0.5]);
    // Biases only: rates 10, ~6.2 and 0 spikes a second.
    net.layers[0]!.biases.set([4, 0.5, -4]);
    const spiking = createSpikingNetwork(net);
    spiking.advance(3000);
    expect(spikingAnswer(spiking, 'threshold')).toEqual([0, 1]);
    expect(spikingAnswer(spiking, 'argmax')).toEqual([0]);
    // A tie for the most spikes is no answer at all.
    net.layers[0]!.biases.set([4, 4, -4]);
    spiking.advance(3000);
    expect(spikingAnswer(spiking, 'argmax')).toEqual([]);
    // Nor is a busiest output under the line (~3.7 spikes a second against 5).
    net.layers[0]!.biases.set([-0.5, -1, -4]);
    spiking.advance(3000);
    expect(spikingAnswer(spiking, 'argmax')).toEqual([]);
    expect(networkAnswer(net, [0.38, 0.27, 0.02], 'argmax')).toEqual([]);
    expect(networkAnswer(net, [0.58, 0.27, 0.02], 'argmax')).toEqual([0]);
  });

  it('refuses argmax on a single output and a corpus that does not fit', () => {
    const xor = classicCorpus('xor');
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    expect(() => checkAgreement(net, xor, {}, { rule: 'argmax' })).toThrow(/one output: use the threshold rule/);
    expect(() => checkAgreement(createNetwork({ sizes: [3, 1] }), xor)).toThrow(/2 inputs and 1 outputs per example but the network is \[3, 1\]/);
  });
});
