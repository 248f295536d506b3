/** A running training sees the corpus change at once (runner and exhibit), and a run that cannot get better says so. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Corpus } from '../../src/core/corpus.js';
import { evaluateCorpus, packCorpus } from '../../src/core/evaluate.js';
import { createForwardRunner } from '../../src/core/forward.js';
import { createNetwork, type Network } from '../../src/core/network.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { TrainingRunner, type TrainingStatus } from '../../src/runtime/trainingRunner.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const correct = (net: Network, corpus: Corpus): number => evaluateCorpus(createForwardRunner(net), packCorpus(corpus, net)).correct;

describe('TrainingRunner and a changing corpus', () => {
  it('an example changed mid-run is taken up: the run ends fitting the new corpus, not the old one', async () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 4 });
    const corpus = classicCorpus('xor');
    const runner = new TrainingRunner(nodeScheduler);
    // Paced so the change surely lands mid-run.
    runner.start(net, corpus, { method: 'trial-and-error', fromRandomGuess: true, seed: 1, pace: 2000 });
    await new Promise((resolve) => runner.once('progress', resolve));
    expect(runner.running).toBe(true);
    corpus.add({ inputs: [1, 1], targets: [1] }); // XOR becomes OR
    expect(runner.corpusChanged()).toBe(true);
    const status = await runner.done();
    expect(status).toMatchObject({ reason: 'target-reached', corpusChanges: 1 });
    expect(correct(net, corpus)).toBe(4);
    expect(status.step).toBeGreaterThan(1); // steps count the whole run, across the change
  });

  it('a removal that empties the corpus ends the run saying so; corpusChanged is false when nothing runs', async () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 4 });
    const corpus = new Corpus(2, 1, [{ inputs: [0, 0], targets: [1] }]);
    const runner = new TrainingRunner(nodeScheduler);
    expect(runner.corpusChanged()).toBe(false);
    runner.start(net, corpus, { method: 'backprop', targetLoss: 0, pace: 1000 });
    corpus.remove(0);
    runner.corpusChanged();
    const status = await runner.done();
    expect(status).toMatchObject({ reason: 'corpus-empty', message: expect.stringMatching(/corpus is now empty/) });
  });
});

describe('TrainingRunner when it cannot get better', () => {
  it('trial and error on XOR without a hidden layer ends as stalled, in words, instead of restarting for ever', async () => {
    const net = createNetwork({ sizes: [2, 1], seed: 1 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'trial-and-error', fromRandomGuess: true });
    const status = await runner.done();
    expect(status.reason).toBe('stalled');
    expect(status.restarts!).toBeGreaterThan(5);
    expect(status.message).toMatch(/stopped getting better \(best loss 0\.\d+ after \d+ steps\).*contradict itself or ask for more than this network can learn/);
  });

  it('a sigmoid asked for 5 (a target kept from an older version) stalls too', async () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 1 });
    const corpus = new Corpus(2, 1, [...classicCorpus('xor').examples.slice(0, 3), { inputs: [1, 1], targets: [5] }]);
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, corpus, { method: 'trial-and-error' });
    expect((await runner.done()).reason).toBe('stalled');
  });

  it('backprop on XOR without a hidden layer ends as stalled long before its epoch limit', async () => {
    const net = createNetwork({ sizes: [2, 1], seed: 1 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'backprop' });
    const status = await runner.done();
    expect(status.reason).toBe('stalled');
    expect(status.step).toBeLessThan(100_000);
    expect(status.message).toMatch(/stopped getting better/);
  });
});

describe('Exhibit: teaching while training runs', () => {
  it('the teach gesture mid-run says training, the run takes the example up, and ends fitting the new corpus', async () => {
    const loaded = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
    const rig = { ...loaded, cascade: { ...loaded.cascade, stepDelayMs: 0 }, training: { ...loaded.training, trainOnStart: false, pace: 400 } };
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source: new ScriptedSource(), corpus: classicCorpus('xor') });
    exhibit.start();
    exhibit.train({ method: 'trial-and-error', fromRandomGuess: true });
    const taught = await exhibit.teach({ inputs: [1, 1], targets: [1] });
    expect(taught).toMatchObject({ outcome: 'replaced', training: true });
    const duplicate = await exhibit.teach({ inputs: [1, 1], targets: [1] });
    expect(duplicate).toMatchObject({ outcome: 'duplicate', training: true });
    const status = await new Promise<TrainingStatus>((resolve) =>
      exhibit.on('training', (s) => !s.running && resolve(s)),
    );
    expect(status).toMatchObject({ reason: 'target-reached', corpusChanges: 1 });
    expect(exhibit.state().corpus).toEqual({ size: 4, correct: 4 });
    await exhibit.stop();
  });
});
