/**
 * Whose training run a status is: while the story plays, its runs (on a copy) are what the state and
 * the `training` events show, marked `of: "story"`; a hand-over (a visitor's press, staff stopping the
 * story) ends the story's run before it returns, and from then on the state and the events show the
 * exhibit's own status again, not the story's last run as if it were the exhibit's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Exhibit } from '../../../src/runtime/exhibit.js';
import type { TrainingStatus } from '../../../src/runtime/trainingRunner.js';
import { advanceUntil, fakeTime, storyExhibit, stopInFakeTime } from './storyExhibit.js';

let running: Exhibit | null = null;

afterEach(async () => {
  await stopInFakeTime(running);
  running = null;
});

/** A started exhibit with the XOR story playing; its own status is the boot-time fit's. */
async function playing(): Promise<{ exhibit: Exhibit; own: TrainingStatus; events: TrainingStatus[] }> {
  fakeTime();
  const { exhibit } = await storyExhibit({ attract: false });
  running = exhibit;
  const own = exhibit.trainingStatus;
  expect(own).toMatchObject({ of: 'exhibit', running: false, method: 'trial-and-error', reason: 'target-reached' });
  const events: TrainingStatus[] = [];
  exhibit.on('training', (s) => events.push(s));
  exhibit.story.play();
  return { exhibit, own, events };
}

const act1Learns = (e: Exhibit) => e.story.state().scene?.kind === 'learn' && e.trainingStatus.running;

describe('whose training run the status is', () => {
  it("a visitor's press while the story's perceptron learns: the run has ended when the press returns, and the state and the last event are the exhibit's own", async () => {
    const { exhibit, own, events } = await playing();
    await advanceUntil(() => act1Learns(exhibit) && events.at(-1)?.of === 'story', "act 1's perceptron run, on the stream");
    expect(exhibit.state().training).toMatchObject({ of: 'story', running: true, method: 'perceptron', pace: 2 });
    expect(events.at(-1)).toMatchObject({ of: 'story', running: true, method: 'perceptron' });

    exhibit.click('a0000001');
    expect(exhibit.trainingStatus.running).toBe(false);
    expect(exhibit.state().training).toEqual(own);
    expect(events.at(-1)).toEqual(own);
    expect(() => exhibit.step()).not.toThrow();
  });

  it("a visitor's teach while the story's perceptron learns: the story hands over and the exhibit's own trial and error learns the new example", async () => {
    const { exhibit } = await playing();
    await advanceUntil(() => act1Learns(exhibit), "act 1's perceptron run");
    // 1 XOR 1 is 0: the trained exhibit gets "1" wrong, so learning must start, on its own network.
    const taught = await exhibit.teach({ inputs: [1, 1], targets: [1] });
    expect(taught.training).toBe(true);
    expect(exhibit.story.playing).toBe(false);
    expect(exhibit.state().training).toMatchObject({ of: 'exhibit', running: true, method: 'trial-and-error' });
  });

  it("staff stop the story between its runs (act 1's show scene, the perceptron's run over): the state and the event are the exhibit's own again", async () => {
    const { exhibit, own, events } = await playing();
    await advanceUntil(() => exhibit.story.state().scene?.kind === 'show', "act 1's show scene, after AND is learnt");
    expect(exhibit.state().training).toMatchObject({ of: 'story', running: false, method: 'perceptron', reason: 'converged' });

    const state = await exhibit.stopStory();
    expect(state.playing).toBe(false);
    expect(exhibit.state().training).toEqual(own);
    expect(events.at(-1)).toEqual(own);
  });
});
