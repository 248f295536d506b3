/** The attract loop: the story plays by itself while nobody is there; any visitor action hands over at once. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exhibit } from '../../../src/runtime/exhibit.js';
import { RESULT_SHOWN_MS } from '../../../src/runtime/story/attract.js';
import { advanceUntil, fakeTime, storyExhibit, stopInFakeTime } from './storyExhibit.js';

let running: Exhibit | null = null;

afterEach(async () => {
  await stopInFakeTime(running);
  running = null;
});

const IDLE_MS = 90_000; // the rig's visitors.idleMs (default)

describe('the attract loop', () => {
  it('plays the story once nobody has come for the idle time after the start', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    expect(exhibit.rig.visitors).toMatchObject({ idleMs: IDLE_MS, attract: true });
    await vi.advanceTimersByTimeAsync(IDLE_MS - 1_000);
    expect(exhibit.story.playing).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(exhibit.story.state()).toMatchObject({ playing: true, act: { id: 'one-neuron' } });
  });

  it('a press on a board hands over at once: story stopped, network back, and the press acts on the exhibit\'s own inputs', async () => {
    fakeTime();
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const { exhibit, source } = await storyExhibit();
    running = exhibit;
    const before = Array.from(exhibit.network.params);
    const traces: { source: string; inputs: number[] }[] = [];
    exhibit.on('trace', (t, s) => traces.push({ source: s, inputs: t.inputs }));
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    // Into act 2, where the story trains the rig's own network, and shows its own inputs.
    await advanceUntil(() => exhibit.story.state().act?.id === 'hidden-layer' && exhibit.story.state().scene?.outcome === 'learning', 'act 2 learning', 120_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(Array.from(exhibit.network.params)).not.toEqual(before);

    source.press('a0000001', 0, true); // a visitor presses input A
    await advanceUntil(() => !exhibit.story.playing, 'the hand-over', 1_000, 1);
    expect(Array.from(exhibit.network.params)).toEqual(before);
    // Latched from the inputs the exhibit had before the story (none on), not from the story's.
    expect(exhibit.state().inputs).toEqual([1, 0]);
    expect(traces.at(-1)).toEqual({ source: 'button a0000001:0', inputs: [1, 0] });
    expect(exhibit.visitors.idle).toBe(false);

    // The visitor stays a while: no story. They leave: after the idle time it plays again.
    await vi.advanceTimersByTimeAsync(IDLE_MS - 1_000);
    expect(exhibit.story.playing).toBe(false);
    expect(Array.from(exhibit.network.params)).toEqual(before);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(exhibit.visitors.idle).toBe(true);
    expect(exhibit.story.state()).toMatchObject({ playing: true, act: { index: 0 } });
  });

  it('a teach through the API hands over before the example is taught', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    const before = Array.from(exhibit.network.params);
    exhibit.story.play();
    await advanceUntil(() => exhibit.story.state().scene?.kind === 'show', 'act 1 shows');
    const result = await exhibit.teach({ inputs: [1, 1], targets: [0] }); // XOR's own answer: the trained network gets it right
    expect(exhibit.story.playing).toBe(false);
    expect(result).toMatchObject({ outcome: 'duplicate', training: false });
    expect(Array.from(exhibit.network.params)).toEqual(before);
  });

  it('never cuts a training run short: it plays once the run has ended and its result has been on show', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    exhibit.train({ method: 'trial-and-error', fromRandomGuess: true, targetLoss: 0, epochs: 2_400, pace: 20 }); // 120 s
    await vi.advanceTimersByTimeAsync(IDLE_MS + 5_000);
    expect(exhibit.trainingStatus.running).toBe(true);
    expect(exhibit.story.playing).toBe(false);
    await advanceUntil(() => !exhibit.trainingStatus.running, 'the run to end', 60_000);
    // (seen to end within the last 100 ms step)
    await vi.advanceTimersByTimeAsync(RESULT_SHOWN_MS - 200);
    expect(exhibit.story.playing).toBe(false); // the result is seen first (attractResult.test.ts)
    await vi.advanceTimersByTimeAsync(210);
    expect(exhibit.story.playing).toBe(true);
  });

  it('staff stopping it (POST /api/story/stop) is not undone at once: it plays again after the idle time', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    await advanceUntil(() => exhibit.story.state().scene?.outcome === 'learning', 'act 1 learning');
    expect(exhibit.story.handOver()).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000); // the story's run ends ('training' event): no restart
    expect(exhibit.story.playing).toBe(false);
    await vi.advanceTimersByTimeAsync(IDLE_MS);
    expect(exhibit.story.playing).toBe(true);
  });

  it('a rig with visitors.attract false never plays by itself; played when asked, a press still hands over', async () => {
    fakeTime();
    const { exhibit, source } = await storyExhibit({ attract: false });
    running = exhibit;
    await vi.advanceTimersByTimeAsync(3 * IDLE_MS);
    expect(exhibit.story.playing).toBe(false);
    exhibit.story.play();
    expect(exhibit.story.playing).toBe(true);
    await vi.advanceTimersByTimeAsync(3_000);
    source.press('a0000002', 0, true);
    await advanceUntil(() => !exhibit.story.playing, 'the hand-over', 1_000, 1);
    expect(exhibit.state().inputs).toEqual([0, 1]);
  });
});
