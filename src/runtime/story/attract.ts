/**
 * The attract loop: while nobody is at the exhibit, its story plays by itself; any visitor action
 * (a board button, a press or click through the API, a teach) hands over at once, before the action
 * takes effect, so the press acts on the exhibit's own network and inputs.
 *
 * "Nobody is there" is the exhibit's idle clock (idleClock.ts). It says idle at start, before anyone
 * has pressed anything, but never flips then, so the loop also plays the rig's idle time after the
 * exhibit starts, and after staff stop the story if nobody comes meanwhile. It never cuts a training
 * run short (the boot-time fit, a visitor's lesson): the story would remember a half-trained network
 * and put that back. It waits for the run to end, and then a few seconds more (RESULT_SHOWN_MS), so a
 * run that a visitor started and left to finish ("Start again from a random guess") is seen to end
 * before the story takes the boards and the page.
 *
 * The exhibit tells it what happens (idle flipped, a visitor came, a run ended, the story handed over)
 * and does the hand-over itself; the loop only decides when the story plays.
 */
import type { VisitorsState } from '../idleClock.js';
import type { TrainingStatus } from '../trainingRunner.js';
import type { StoryClock } from './player.js';
import type { TimerHandle } from '../../platform/scheduler.js';

/** What the loop reads of the exhibit before it plays the story. */
export interface AttractWatch {
  readonly visitors: VisitorsState;
  readonly trainingStatus: TrainingStatus;
}

/** What the loop does to the story. */
export interface AttractStory {
  readonly playing: boolean;
  play(): void;
}

/** How long a finished run stays on show before the story plays: long enough to read "4 of 4 right". */
export const RESULT_SHOWN_MS = 8_000;

export class AttractLoop {
  private timer: TimerHandle | null = null;
  /** A run just ended while the story was wanted: its result shows until this fires. */
  private resultTimer: TimerHandle | null = null;
  private started = false;
  /** Nobody has been there for the idle time (since start, or since the last visitor): the story is wanted. */
  private wanted = false;

  constructor(
    private readonly watch: AttractWatch,
    private readonly story: AttractStory,
    private readonly idleMs: number,
    private readonly clock: StoryClock,
    /** rig visitors.attract: false, and the story plays only when asked (a press still hands over). */
    private readonly autoplay = true,
  ) {}

  /** Idle flipped: nobody has been there for the idle time, so the story is wanted (or somebody came). */
  idleChanged(visitors: VisitorsState): void {
    if (!visitors.idle || !this.started) return;
    this.wanted = true;
    this.attract();
  }

  /** A visitor did something (the exhibit has handed over): the idle clock says when they have gone. */
  visitorCame(): void {
    this.cancelTimer();
    this.wanted = false;
  }

  /** A training run ended: the story may play once its result has been on show, if it was waiting for it. */
  trainingEnded(): void {
    if (!this.wanted || this.story.playing) return;
    this.cancelResultTimer();
    this.resultTimer = this.clock.setTimeout(() => {
      this.resultTimer = null;
      this.attract();
    }, RESULT_SHOWN_MS);
  }

  /** From now on it plays after `idleMs` if nobody has come by then. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.wantAfterIdleTime();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.wanted = false;
    this.cancelTimer();
  }

  /** The story handed over (a visitor, or staff stopped it): it plays again after the idle time, if nobody comes. */
  handedOver(): void {
    if (!this.started) return;
    this.wanted = false;
    this.wantAfterIdleTime();
  }

  /** Plays the story when it is wanted, nobody is there, it is not playing yet, nothing trains and no result is on show. */
  private attract(): void {
    if (!this.autoplay || !this.started || !this.wanted || this.story.playing || this.resultTimer !== null) return;
    if (!this.watch.visitors.idle || this.watch.trainingStatus.running) return;
    this.story.play();
  }

  private wantAfterIdleTime(): void {
    this.cancelTimer();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.wanted = true;
      this.attract();
    }, this.idleMs);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.cancelResultTimer();
  }

  private cancelResultTimer(): void {
    if (this.resultTimer !== null) this.clock.clearTimeout(this.resultTimer);
    this.resultTimer = null;
  }
}
