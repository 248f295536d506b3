import { describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { evaluateCorpus, packCorpus } from '../../src/core/evaluate.js';
import { createForwardRunner } from '../../src/core/forward.js';
import { createNetwork } from '../../src/core/network.js';
import { TrainingRunner, type TrainingStatus } from '../../src/runtime/trainingRunner.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

describe('TrainingRunner', () => {
  it('learns XOR by trial and error, from a random guess, to the target loss', async () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 4 });
    const corpus = classicCorpus('xor');
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, corpus, { method: 'trial-and-error', fromRandomGuess: true, seed: 1 });
    expect(runner.running).toBe(true);
    const status = await runner.done();
    expect(status).toMatchObject({ running: false, method: 'trial-and-error', reason: 'target-reached' });
    expect(status.loss!).toBeLessThan(0.005);
    expect(status.tried!).toBeGreaterThanOrEqual(status.kept!);
    expect(evaluateCorpus(createForwardRunner(net), packCorpus(corpus, net)).correct).toBe(4);
  });

  it('yields to the event loop between slices while it trains (timers and progress events run)', async () => {
    const net = createNetwork({ sizes: [7, 8, 10], seed: 1 });
    const runner = new TrainingRunner(nodeScheduler, { sliceMs: 4, progressEveryMs: 0 });
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 1);
    const progress: TrainingStatus[] = [];
    runner.on('progress', (s) => progress.push(s));
    runner.start(net, classicCorpus('seven-segment'), { method: 'trial-and-error', targetLoss: 0, epochs: 20_000 });
    const status = await runner.done();
    clearInterval(ticker);
    expect(status, JSON.stringify(status)).toMatchObject({ step: 20_000 });
    expect(progress.length).toBeGreaterThan(3);
    expect(ticks).toBeGreaterThan(3);
  });

  it('learns XOR by backprop', async () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 2 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'backprop', targetLoss: 0.01 });
    const status = await runner.done();
    expect(status.reason).toBe('target-reached');
    expect(status.loss!).toBeLessThan(0.01);
  });

  it('reports XOR as not linearly separable with the perceptron', async () => {
    const net = createNetwork({ sizes: [2, 1], seed: 1, activation: 'step' });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'perceptron' });
    const status = await runner.done();
    expect(status.reason).toBe('not-linearly-separable');
    expect(status.message).toMatch(/hidden layer/);
  });

  it('stops between slices when asked, and refuses a second run while one is going (bad input: double start)', async () => {
    const net = createNetwork({ sizes: [7, 8, 10], seed: 1 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('seven-segment'), { method: 'trial-and-error', targetLoss: 0 });
    expect(() => runner.start(net, classicCorpus('seven-segment'))).toThrow(/already running; stop it first/);
    await new Promise((r) => setTimeout(r, 30));
    const status = await runner.stop();
    expect(status).toMatchObject({ running: false, reason: 'stopped' });
    expect(status.step).toBeGreaterThan(0);
  });

  it('a stop while a paced run waits for its next step ends the run before stop() returns (bad input: a stop mid-wait, then a start at once)', async () => {
    const net = createNetwork({ sizes: [2, 1], seed: 1, activation: 'step' });
    const runner = new TrainingRunner(nodeScheduler);
    const ended: TrainingStatus[] = [];
    runner.on('done', (s) => ended.push(s));
    runner.start(net, classicCorpus('and'), { method: 'perceptron', pace: 2 }, 'story');
    await new Promise<void>((resolve) => runner.once('progress', () => resolve()));
    const stopping = runner.stop();
    // No waiting for the half-second pause to run out: the run has ended here and now.
    expect(runner.running).toBe(false);
    expect(ended).toEqual([expect.objectContaining({ of: 'story', running: false, reason: 'stopped' })]);
    expect(() => runner.start(net, classicCorpus('and'), { method: 'perceptron', epochs: 1 })).not.toThrow();
    expect(await stopping).toMatchObject({ of: 'story', reason: 'stopped' });
    expect(await runner.done()).toMatchObject({ of: 'exhibit', running: false, step: 1 });
  });

  it("keeps each owner's last status: the exhibit's own is there after a story's run (bad input: never trained)", async () => {
    const net = createNetwork({ sizes: [2, 1], seed: 1, activation: 'step' });
    const runner = new TrainingRunner(nodeScheduler);
    expect(runner.statusOf('exhibit')).toEqual({ of: 'exhibit', running: false, method: null, step: 0, loss: null });
    runner.start(net, classicCorpus('and'), { method: 'perceptron', epochs: 3 });
    const own = await runner.done();
    runner.start(net, classicCorpus('or'), { method: 'perceptron', epochs: 2 }, 'story');
    expect(runner.statusOf('story')).toMatchObject({ of: 'story', running: true });
    await runner.done();
    expect(runner.status).toMatchObject({ of: 'story', step: 2 });
    expect(runner.statusOf('exhibit')).toEqual(own);
  });

  it('paces training so people can watch it: 60 tries at 200 a second take at least a quarter second', async () => {
    const net = createNetwork({ sizes: [7, 8, 10], seed: 1 });
    const runner = new TrainingRunner(nodeScheduler, { progressEveryMs: 0 });
    const steps: number[] = [];
    runner.on('progress', (s) => steps.push(s.step));
    const started = performance.now();
    runner.start(net, classicCorpus('seven-segment'), { method: 'trial-and-error', targetLoss: 0, epochs: 60, pace: 200 });
    const status = await runner.done();
    expect(status.step).toBe(60);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    // Progress arrived in many small steps, not one jump: that is the curve a visitor watches.
    expect(steps.length).toBeGreaterThan(5);
    expect(Math.max(...steps.slice(1).map((s, i) => s - steps[i]!))).toBeLessThan(30);
  });

  it('stops after the requested number of epochs', async () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 2 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'backprop', epochs: 25, targetLoss: 1e-12 });
    const status = await runner.done();
    expect(status.step).toBe(25);
  });

  it('rejects bad requests with clear errors (bad input: unknown method, negative learning rate)', () => {
    const net = createNetwork({ sizes: [2, 3, 1], seed: 2 });
    const runner = new TrainingRunner(nodeScheduler);
    expect(() => runner.start(net, classicCorpus('xor'), { method: 'genetic' as never })).toThrow(/unknown training method "genetic"/);
    expect(() => runner.start(net, classicCorpus('xor'), { method: 'backprop', learningRate: -1 })).toThrow(/learningRate/);
    expect(runner.running).toBe(false);
  });
});
