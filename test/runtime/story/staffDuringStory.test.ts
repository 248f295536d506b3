/**
 * Staff acting while the story plays (the console's Start training, single step, setting inputs):
 * the story hands over first, so the staff's action works on the exhibit's own network, not on the
 * story's copy that the next hand-over would throw away. And a run from a random guess aims at the
 * rig's target error, not the trainer's default.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Exhibit } from '../../../src/runtime/exhibit.js';
import { pacedRequest } from '../../../src/runtime/trainingLeds.js';
import { advanceUntil, fakeTime, storyExhibit, stopInFakeTime } from './storyExhibit.js';

let running: Exhibit | null = null;

afterEach(async () => {
  await stopInFakeTime(running);
  running = null;
});

describe('staff while the story plays', () => {
  it.each([
    ['POST /api/train', (e: Exhibit) => void e.train({ watch: true })],
    ['POST /api/train/step', (e: Exhibit) => void e.step()],
    ['POST /api/inputs', (e: Exhibit) => void e.setInputs([1, 0])],
  ])('%s takes the exhibit back from the story first (act 2\'s learn and show scenes), then works', async (_route, act) => {
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
      const takingBack = exhibit.takeBack(); // what the routes do first
      await vi.advanceTimersByTimeAsync(100);
      await takingBack;
      expect(exhibit.story.state().playing).toBe(false);
      act(exhibit);
      expect(handOvers).toEqual(['hand-over']);
      const stopping = exhibit.stopTraining();
      await vi.advanceTimersByTimeAsync(500);
      await stopping;
    }
  });
});

describe('pacedRequest', () => {
  it("fills in the rig's target error and pace, keeps what the request says, and ignores fields left undefined", () => {
    const rig = { stepsPerSecond: 60, targetLoss: 0.004 };
    expect(pacedRequest(rig, { fromRandomGuess: true })).toMatchObject({ stepsPerSecond: 60, targetLoss: 0.004 });
    expect(pacedRequest(rig, { fromRandomGuess: true, targetLoss: undefined, stepsPerSecond: undefined })).toMatchObject({ stepsPerSecond: 60, targetLoss: 0.004 });
    expect(pacedRequest(rig, { targetLoss: 0.01, stepsPerSecond: 5 })).toMatchObject({ stepsPerSecond: 5, targetLoss: 0.01 });
    expect(pacedRequest({ stepsPerSecond: 0, targetLoss: 0.005 }, { watch: true }).stepsPerSecond).toBe(20);
    expect(pacedRequest(rig, {}).seed).toBeUndefined();
    expect(typeof pacedRequest(rig, { fromRandomGuess: true }).seed).toBe('number');
  });
});
