/**
 * Whether anybody is at the exhibit: every visitor action (a board button, a press or click through
 * the API, a teach) restarts the clock; `idleMs` without one and the exhibit is idle. The attract loop
 * starts on idle, a visitor's lessons are forgotten some time after it, and the visitor page goes
 * back to its default language.
 *
 * `lastActivityAt` is wall-clock time (Date.now()), because "forget at midnight" and people reading
 * /api/state think in wall-clock time; the idle timeout itself is a timer.
 */
import { EventEmitter } from 'eventemitter3';
import type { Scheduler, TimerHandle } from '../platform/scheduler.js';

/** What `/api/state.visitors` and the `visitors` event show. */
export interface VisitorsState {
  /** Nobody has done anything for `idleMs` (true at start, before the first press). */
  idle: boolean;
  idleMs: number;
  /** Date.now() of the last visitor action, or null when there has been none since start. */
  lastActivityAt: number | null;
}

export interface IdleClockEvents {
  /** Idle flipped (either way). */
  change: [state: VisitorsState];
}

export class IdleClock extends EventEmitter<IdleClockEvents> {
  private idle = true;
  private lastActivityAt: number | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly idleMs: number,
    /** The idle timeout's timer. */
    private readonly scheduler: Scheduler,
    /** Wall-clock ms, for `lastActivityAt`. */
    private readonly wallNow: () => number = () => Date.now(),
  ) {
    super();
  }

  get state(): VisitorsState {
    return { idle: this.idle, idleMs: this.idleMs, lastActivityAt: this.lastActivityAt };
  }

  /** A visitor did something: not idle now, and idle again `idleMs` after the last such touch. */
  touch(): void {
    this.lastActivityAt = this.wallNow();
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = this.scheduler.setTimeout(() => this.becomeIdle(), this.idleMs);
    if (this.idle) {
      this.idle = false;
      this.emit('change', this.state);
    }
  }

  /** Stops the timer (the exhibit stops); the state stays as it was. */
  stop(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  private becomeIdle(): void {
    this.timer = null;
    this.idle = true;
    this.emit('change', this.state);
  }
}
