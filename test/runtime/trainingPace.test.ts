import { afterEach, describe, expect, it, vi } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { createNetwork } from '../../src/core/network.js';
import { TrainingRunner, type TryEvent } from '../../src/runtime/trainingRunner.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Stops a run under fake timers (the loop may be waiting on its pacing timer). */
async function stopFaked(runner: TrainingRunner) {
  const stopping = runner.stop();
  await vi.advanceTimersByTimeAsync(500);
  return stopping;
}

function fake(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'performance', 'Date'] });
}

describe('TrainingRunner at a pace people can watch', () => {
  it('makes tries at the pace asked, each one a try event (changed weights, error before and after, kept or undone)', async () => {
    fake();
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    const runner = new TrainingRunner(nodeScheduler);
    const tries: TryEvent[] = [];
    runner.on('try', (e) => tries.push(e));
    runner.start(net, classicCorpus('xor'), { method: 'trial-and-error', fromRandomGuess: true, seed: 5, targetLoss: 0, pace: 10 });
    await vi.advanceTimersByTimeAsync(2_000);
    // 10 a second for 2 s: about 20 tries, never a burst.
    expect(tries.length).toBeGreaterThanOrEqual(19);
    expect(tries.length).toBeLessThanOrEqual(22);
    expect(runner.status.pace).toBe(10);
    tries.forEach((t, i) => {
      expect(t.tried).toBe(i + 1);
      expect(t.changed.length).toBeGreaterThan(0);
      expect(t.changed.every((k) => Number.isInteger(k) && k >= 0 && k < net.params.length)).toBe(true);
      expect(t.outcome === 'kept' ? t.after <= t.before : t.after > t.before).toBe(true);
      expect(t.total).toBe(4);
    });
    expect(tries.at(-1)!.kept).toBe(tries.filter((t) => t.outcome === 'kept').length);
    const status = await stopFaked(runner);
    expect(status.tried).toBe(tries.at(-1)!.tried);
  });

  it('sends no try events at full speed (progress only: the stream must not flood)', async () => {
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    const runner = new TrainingRunner(nodeScheduler, { sliceMs: 4, progressEveryMs: 0 });
    let tries = 0;
    runner.on('try', () => tries++);
    runner.start(net, classicCorpus('xor'), { method: 'trial-and-error', fromRandomGuess: true, seed: 5, targetLoss: 0, epochs: 5_000 });
    const status = await runner.done();
    expect(status.step).toBe(5_000);
    expect(tries).toBe(0);
  });

  it('changes pace while it runs', async () => {
    fake();
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    const runner = new TrainingRunner(nodeScheduler);
    let tries = 0;
    runner.on('try', () => tries++);
    runner.start(net, classicCorpus('xor'), { method: 'trial-and-error', fromRandomGuess: true, seed: 5, targetLoss: 0, pace: 5 });
    await vi.advanceTimersByTimeAsync(1_000);
    const slow = tries;
    expect(runner.setPace(50).pace).toBe(50);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(slow).toBeLessThanOrEqual(7);
    expect(tries - slow).toBeGreaterThanOrEqual(45);
    expect(() => runner.setPace(-1)).toThrow(/pace must be/);
    await stopFaked(runner);
    expect(() => runner.setPace(5)).toThrow(/no training is running/);
  });

  it('steps one try at a time when asked, carrying on from the network as it is', () => {
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    const runner = new TrainingRunner(nodeScheduler);
    const seen: TryEvent[] = [];
    runner.on('try', (e) => seen.push(e));
    const corpus = classicCorpus('xor');
    const first = runner.stepOnce(net, corpus);
    const second = runner.stepOnce(net, corpus);
    expect(seen).toEqual([first, second]);
    expect([first.tried, second.tried]).toEqual([1, 2]);
    // The second try starts from where the first left the network.
    expect(second.before).toBeCloseTo(first.outcome === 'kept' ? first.after : first.before, 12);
    // A changed corpus starts a new run of single steps.
    runner.corpusChanged();
    expect(runner.stepOnce(net, corpus).tried).toBe(1);
  });

  it('steps even when the network is already at its target loss (the console asked for one try)', async () => {
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'trial-and-error', fromRandomGuess: true, seed: 2 });
    expect((await runner.done()).reason).toBe('target-reached');
    const step = runner.stepOnce(net, classicCorpus('xor'));
    expect(step).toMatchObject({ tried: 1, correct: 4, total: 4 });
  });

  it('refuses a single step while a run is going', async () => {
    const net = createNetwork({ sizes: [2, 2, 1], seed: 3 });
    const runner = new TrainingRunner(nodeScheduler);
    runner.start(net, classicCorpus('xor'), { method: 'trial-and-error', targetLoss: 0, pace: 5 });
    expect(() => runner.stepOnce(net, classicCorpus('xor'))).toThrow(/running; stop it first/);
    await runner.stop();
  });
});
