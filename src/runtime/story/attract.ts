/**
 * The attract loop: while nobody is at the exhibit, its story plays by itself; any visitor action
 * (a board button, a press or click through the API, a teach) hands over at once, before the action
 * takes effect, so the press acts on the exhibit's own network and inputs.
 *
 * "Nobody is there" is the exhibit's idle clock (idleClock.ts). It says idle at start, before anyone
 * has pressed anything, but never flips then, so the loop also plays the rig's idle time after the
 * exhibit starts, and after staff stop the story (POST /api/story/stop) if nobody comes meanwhile. It never cuts a training run short (the boot-time fit, a visitor's lesson): the
 * story would remember a half-trained network and put that back. It waits for the run to end.
 */
import type { ExhibitEvents } from '../exhibitTypes.js';
import type { VisitorsState } from '../idleClock.js';
import type { TrainingStatus } from '../trainingRunner.js';
import type { StoryClock } from './player.js';

/** What the loop needs of the exhibit. */
export interface AttractHost {
  on<K extends keyof ExhibitEvents>(event: K, listener: (...args: ExhibitEvents[K]) => void): unknown;
  off<K extends keyof ExhibitEvents>(event: K, listener: (...args: ExhibitEvents[K]) => void): unknown;
  readonly visitors: VisitorsState;
  readonly trainingStatus: TrainingStatus;
}

/** What the loop does to the story. */
export interface AttractStory {
  readonly playing: boolean;
  play(): void;
  handOver(): boolean;
}

export class AttractLoop {
  private timer: unknown = null;
  private started = false;
  /** Nobody has been there for the idle time (since start, or since the last visitor): the story is wanted. */
  private wanted = false;

  constructor(
    private readonly host: AttractHost,
    private readonly story: AttractStory,
    private readonly idleMs: number,
    private readonly clock: StoryClock,
    /** rig visitors.attract: false, and the story plays only when asked (a press still hands over). */
    private readonly autoplay = true,
  ) {}

  private readonly onVisitors = (visitors: VisitorsState): void => {
    if (!visitors.idle) return;
    this.wanted = true;
    this.attract();
  };

  private readonly onActivity = (): void => {
    this.story.handOver();
    // Somebody is there: the idle clock says when they have gone.
    this.cancelTimer();
    this.wanted = false;
  };

  private readonly onTraining = (status: TrainingStatus): void => {
    if (!status.running) this.attract();
  };

  /** Listens from now on, and plays after `idleMs` if nobody has come by then. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.host.on('visitors', this.onVisitors);
    this.host.on('activity', this.onActivity);
    this.host.on('training', this.onTraining);
    this.wantAfterIdleTime();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.wanted = false;
    this.cancelTimer();
    this.host.off('visitors', this.onVisitors);
    this.host.off('activity', this.onActivity);
    this.host.off('training', this.onTraining);
  }

  /** The story handed over (a visitor, or staff stopped it): it plays again after the idle time, if nobody comes. */
  handedOver(): void {
    if (!this.started) return;
    this.wanted = false;
    this.wantAfterIdleTime();
  }

  /** Plays the story when it is wanted, nobody is there, it is not playing yet and nothing trains. */
  private attract(): void {
    if (!this.autoplay || !this.started || !this.wanted || this.story.playing) return;
    if (!this.host.visitors.idle || this.host.trainingStatus.running) return;
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
  }
}
