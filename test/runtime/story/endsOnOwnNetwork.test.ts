/**
 * The story ends on the exhibit's own network: its "your turn" scene shows the network the hand-over
 * puts back, so a visitor's first press changes only what they pressed, not the network (and the
 * decision map) under their finger.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exhibit } from '../../../src/runtime/exhibit.js';
import { advanceUntil, fakeTime, storyExhibit, stopInFakeTime } from './storyExhibit.js';

let running: Exhibit | null = null;
afterEach(async () => {
  await stopInFakeTime(running);
  running = null;
});

describe('the end of the story', () => {
  it("your turn shows the exhibit's own network with nothing pressed; the first press hands over to just that", async () => {
    fakeTime();
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const { exhibit, source } = await storyExhibit({ attract: false });
    running = exhibit;
    await exhibit.setInputs([0, 1]); // what the last visitor left
    const own = Array.from(exhibit.network.params);
    exhibit.story.play();
    // Act 2 learns XOR from a random guess on the story's copy: another network than the exhibit's.
    await advanceUntil(() => exhibit.story.state().act?.id === 'hidden-layer' && exhibit.story.state().scene?.kind === 'show', 'act 2 learnt', 240_000);
    expect(Array.from(exhibit.network.params)).not.toEqual(own);

    await advanceUntil(() => exhibit.story.state().scene?.kind === 'invite', 'your turn', 60_000);
    expect(exhibit.story.playing).toBe(true);
    expect(Array.from(exhibit.network.params)).toEqual(own);
    expect(exhibit.state().inputs).toEqual([0, 0]);
    const map = exhibit.state().network;

    source.press('a0000001', 0, true); // a visitor presses A
    await advanceUntil(() => !exhibit.story.playing, 'the hand-over', 1_000, 1);
    expect(Array.from(exhibit.network.params)).toEqual(own);
    expect(exhibit.state().network).toEqual(map); // the map under the finger stays as it was
    expect(exhibit.state().inputs).toEqual([1, 0]); // A on, from nothing pressed as shown
  });
});
