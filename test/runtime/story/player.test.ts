/** The player alone, on a stage that records what it is asked to do, in fake time. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storyClock, StoryPlayer, type StoryStage } from '../../../src/runtime/story/player.js';
import { validateStory } from '../../../src/runtime/story/load.js';
import { nodeScheduler } from '../../../src/hosts/node/nodeScheduler.js';

afterEach(() => vi.useRealTimers());

const story = validateStory(
  {
    format: 'neuroboard.story', version: 1, name: 't',
    acts: [
      { id: 'a', title: 't.a', network: 'no-hidden', scenes: [
        { learn: { corpus: 'and', method: 'perceptron', maxMs: 5000 }, caption: 'c.learn' },
        { show: { holdMs: 1000 }, caption: 'c.show' } ] },
      { id: 'b', title: 't.b', network: 'rig', scenes: [{ hold: { ms: 3000 }, caption: 'c.hold' }, { invite: { ms: 2000 }, caption: 'c.invite' }] },
    ],
  },
  't.json',
);

/** A stage whose learn scenes end when the test says (or never), recording every call with the fake time. */
function stage() {
  const calls: string[] = [];
  let finish: ((learned: boolean) => void) | null = null;
  const s: StoryStage & { calls: string[]; finish(learned: boolean): void } = {
    calls,
    finish: (learned) => finish?.(learned),
    beginAct: (network) => calls.push(`${Date.now()} act ${network}`),
    examples: (corpus) => (corpus === 'and' ? [{ inputs: [0, 0], targets: [0] }, { inputs: [1, 1], targets: [1] }] : [{ inputs: [1, 0], targets: [1] }]),
    learn: (l) => (calls.push(`${Date.now()} learn ${l.corpus}`), new Promise<boolean>((resolve) => (finish = resolve))),
    stopLearning: () => (calls.push(`${Date.now()} stop learning`), finish?.(false)),
    show: (inputs) => calls.push(`${Date.now()} show ${inputs.join('')}`),
    invite: (inputs) => calls.push(`${Date.now()} invite ${inputs.join('')}`),
    standIn: () => null,
  };
  return s;
}

describe('StoryPlayer', () => {
  it('plays the scenes in order with their times, gives up a learn at maxMs, then starts again from act 1', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = stage();
    const states: string[] = [];
    const player = new StoryPlayer(story, s, storyClock(nodeScheduler), () => {
      const st = player.state();
      states.push(st.playing ? `${st.act!.id}/${st.scene!.index}${st.scene!.outcome ? `:${st.scene!.outcome}` : ''}` : 'stopped');
    });
    player.play();
    await vi.advanceTimersByTimeAsync(1500);
    s.finish(true); // AND learnt after 1.5 s
    await vi.advanceTimersByTimeAsync(2000 + 3000 + 2000 + 5000 + 1); // show 2 × 1 s, hold, invite, and act 1's learn again until maxMs
    expect(s.calls).toEqual([
      '0 act no-hidden', '0 learn and',
      '1500 show 00', '2500 show 11',
      '3500 act rig', '6500 invite 00', // the invite: nothing pressed
      '8500 act no-hidden', '8500 learn and', '13500 stop learning',
      '13500 show 00',
    ]);
    expect(states.slice(0, 8)).toEqual(['a/0', 'a/0:learning', 'a/0:learned', 'a/1', 'b/0', 'b/1', 'a/0', 'a/0:learning']);
    expect(states).toContain('a/0:failed');
    player.stop();
  });

  it('stop ends every wait and the learn at once; nothing happens afterwards', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = stage();
    const player = new StoryPlayer(story, s, storyClock(nodeScheduler), () => undefined);
    player.play();
    s.finish(true);
    await vi.advanceTimersByTimeAsync(500); // inside the show's first hold
    player.stop();
    expect(player.state()).toEqual({ playing: false, act: null, scene: null, examples: null });
    const before = s.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.calls.length).toBe(before);
    expect(vi.getTimerCount()).toBe(0);
  });
});
