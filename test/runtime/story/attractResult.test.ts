/**
 * A run that ends just as the exhibit goes idle (a visitor's "Start again from a random guess", left
 * to finish) is seen to end: the attract loop waits RESULT_SHOWN_MS after the run before the story
 * takes over, instead of replacing the result in the same second. On a manual clock, not wall time.
 */
import { describe, expect, it } from 'vitest';
import { AttractLoop, RESULT_SHOWN_MS } from '../../../src/runtime/story/attract.js';
import type { StoryClock } from '../../../src/runtime/story/player.js';
import type { TimerHandle } from '../../../src/platform/scheduler.js';
import { ManualClock } from '../../helpers/manualClock.js';

const IDLE_MS = 90_000;

function loop() {
  const time = new ManualClock();
  const clock: StoryClock = { speed: 1, setTimeout: (fn, ms) => time.setTimer(fn, ms) as TimerHandle, clearTimeout: (h) => time.clearTimer(h) };
  const watch = { visitors: { idle: false, idleMs: IDLE_MS, lastActivityAt: 0 }, trainingStatus: { running: false } as { running: boolean } };
  const plays: number[] = [];
  const story = {
    playing: false,
    play() {
      this.playing = true;
      plays.push(time.now());
    },
  };
  const attract = new AttractLoop(watch as never, story, IDLE_MS, clock);
  attract.start();
  /** A visitor presses "Start again": they are there, and a watched run starts. */
  const visitorRestarts = () => {
    watch.visitors = { ...watch.visitors, idle: false };
    attract.visitorCame();
    watch.trainingStatus = { running: true };
  };
  /** Nobody pressed for the idle time: idle flips. */
  const goesIdle = () => {
    watch.visitors = { ...watch.visitors, idle: true };
    attract.idleChanged(watch.visitors);
  };
  const runEnds = () => {
    watch.trainingStatus = { running: false };
    attract.trainingEnded();
  };
  return { time, attract, story, plays, visitorRestarts, goesIdle, runEnds };
}

describe('the attract loop after a run', () => {
  it(`lets a visitor's run that ends as the exhibit goes idle be seen for ${RESULT_SHOWN_MS / 1000} s before the story plays`, () => {
    const t = loop();
    t.visitorRestarts();
    t.time.advance(IDLE_MS);
    t.goesIdle(); // idle while the run still goes: the story waits for it
    expect(t.story.playing).toBe(false);
    t.time.advance(400);
    t.runEnds(); // the same second
    expect(t.story.playing).toBe(false);
    t.time.advance(RESULT_SHOWN_MS - 1);
    expect(t.story.playing).toBe(false);
    t.time.advance(1);
    expect(t.plays).toEqual([IDLE_MS + 400 + RESULT_SHOWN_MS]);
  });

  it('a visitor who comes back while the result shows keeps the exhibit: no story', () => {
    const t = loop();
    t.visitorRestarts();
    t.time.advance(IDLE_MS);
    t.goesIdle();
    t.runEnds();
    t.time.advance(RESULT_SHOWN_MS / 2);
    t.visitorRestarts(); // they press again
    t.runEnds();
    t.time.advance(RESULT_SHOWN_MS);
    expect(t.story.playing).toBe(false);
    // They leave: the story plays the idle time after their last press, nothing in between.
    t.time.advance(IDLE_MS);
    t.goesIdle();
    expect(t.plays).toEqual([IDLE_MS + RESULT_SHOWN_MS / 2 + IDLE_MS + RESULT_SHOWN_MS]);
  });

  it('a run that ended long before the exhibit went idle does not delay the story', () => {
    const t = loop();
    t.visitorRestarts();
    t.time.advance(10_000);
    t.runEnds(); // the visitor watched it end, then left
    t.time.advance(IDLE_MS);
    t.goesIdle();
    expect(t.plays).toEqual([10_000 + IDLE_MS]);
  });
});
