/**
 * Staff acting while the story plays (the console's Start training, single step, setting inputs):
 * the story hands over first, so the staff's action works on the exhibit's own network, not on the
 * story's copy that the next hand-over would throw away. And a run from a random guess aims at the
 * rig's target error, not the trainer's default.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exhibit } from '../../../src/runtime/exhibit.js';
import { requestForRig } from '../../../src/runtime/trainingRequest.js';
import { advanceUntil, fakeTime, storyExhibit, stopInFakeTime } from './storyExhibit.js';

let running: Exhibit | null = null;

afterEach(async () => {
  await stopInFakeTime(running);
  running = null;
});

describe('staff while the story plays', () => {
  it.each([
    ['train (POST /api/train)', (e: Exhibit): Promise<unknown> => e.train({ watch: true })],
    ['step (POST /api/train/step)', (e: Exhibit): Promise<unknown> => e.step()],
    ['setInputs (POST /api/inputs)', (e: Exhibit): Promise<unknown> => e.setInputs([1, 0])],
  ])('%s, called by itself (as the CLI or a scenario would), takes the exhibit back from the story first (act 2\'s learn and show scenes), then works', async (_route, act) => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    const own = JSON.stringify(exhibit.state().network);
    for (const kind of ['learn', 'show']) {
      exhibit.story.play();
      const inAct2 = () => exhibit.story.state().act?.id === 'hidden-layer' && exhibit.story.state().scene?.kind === kind;
      await advanceUntil(inAct2, `act 2 reaches its ${kind} scene`);
      await vi.advanceTimersByTimeAsync(300);
      expect(JSON.stringify(exhibit.state().network)).not.toBe(own); // the story's copy learns from a random guess
      const handOvers: string[] = [];
      exhibit.on('trace', (_t, source) => source === 'hand-over' && handOvers.push(source));
      const acting = act(exhibit); // the method alone: no route did anything first
      expect(exhibit.story.state().playing).toBe(false);
      await vi.advanceTimersByTimeAsync(100);
      await acting;
      expect(handOvers).toEqual(['hand-over']);
      const stopping = exhibit.stopTraining();
      await vi.advanceTimersByTimeAsync(500);
      await stopping;
    }
  });
});

describe('requestForRig', () => {
  it("fills in the rig's target error and pace, keeps what the request says, and ignores fields left undefined", () => {
    const rig = { pace: 60, targetLoss: 0.004 };
    expect(requestForRig(rig, { fromRandomGuess: true })).toMatchObject({ pace: 60, targetLoss: 0.004 });
    expect(requestForRig(rig, { fromRandomGuess: true, targetLoss: undefined, pace: undefined })).toMatchObject({ pace: 60, targetLoss: 0.004 });
    expect(requestForRig(rig, { targetLoss: 0.01, pace: 5 })).toMatchObject({ pace: 5, targetLoss: 0.01 });
    expect(requestForRig({ pace: 0, targetLoss: 0.005 }, { watch: true }).pace).toBe(20);
    expect(requestForRig(rig, {}).seed).toBeUndefined();
    expect(typeof requestForRig(rig, { fromRandomGuess: true }).seed).toBe('number');
  });
});
