/**
 * Whether anybody is at the exhibit, and what follows from it: every visitor action restarts the
 * idle clock (idleClock.ts), and the rig's lessons policy forgets what visitors taught some time after
 * the last one (visitorLessonsSchedule.ts). One part, so the exhibit starts, stops and touches it in
 * one line each. It tells the exhibit when idle flips (`visitors`) and when the lessons are due to be
 * forgotten (`forget`, with the reason in words).
 */
import { EventEmitter } from 'eventemitter3';
import type { Scheduler } from '../platform/scheduler.js';
import { IdleClock, type VisitorsState } from './idleClock.js';
import type { ResolvedRig } from './rig/validate.js';
import { ForgetSchedule } from './visitorLessonsSchedule.js';

/** What a visitor did: a board button, or a teach (the visitor page's answer). */
export type ActivitySource = 'button' | 'teach';

export interface VisitorPresenceEvents {
  visitors: [state: VisitorsState];
  forget: [why: string];
}

export class VisitorPresence extends EventEmitter<VisitorPresenceEvents> {
  private readonly idleClock: IdleClock;
  private readonly forgetSchedule: ForgetSchedule;

  constructor(rig: ResolvedRig, scheduler: Scheduler) {
    super();
    this.idleClock = new IdleClock(rig.visitors.idleMs, scheduler);
    this.idleClock.on('change', (visitors) => this.emit('visitors', visitors));
    this.forgetSchedule = ForgetSchedule.forRig(rig, scheduler, (why) => this.emit('forget', why));
  }

  get state(): VisitorsState {
    return this.idleClock.state;
  }

  start(): void {
    this.forgetSchedule.start();
  }

  stop(): void {
    this.forgetSchedule.stop();
    this.idleClock.stop();
  }

  /** A visitor did something: the idle clock and the wait before their lessons are forgotten start again. */
  touch(): void {
    this.idleClock.touch();
    this.forgetSchedule.activity();
  }
}
