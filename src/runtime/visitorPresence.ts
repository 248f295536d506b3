/**
 * Whether anybody is at the exhibit, and what follows from it: every visitor action restarts the
 * idle clock (idleClock.ts) and is announced as 'activity' (the attract loop hands over on it), and
 * the rig's lessons policy forgets what visitors taught some time after the last one
 * (visitorLessonsSchedule.ts). One object, so the exhibit starts and stops it in one line each.
 */
import type { ExhibitEvents } from './exhibitTypes.js';
import { IdleClock, type VisitorsState } from './idleClock.js';
import type { ResolvedRig } from './rig/validate.js';
import { ForgetSchedule } from './visitorLessonsSchedule.js';

export type ActivitySource = ExhibitEvents['activity'][0];

interface PresenceHost {
  on(event: 'activity', listener: () => void): unknown;
  emit<K extends 'visitors' | 'activity'>(event: K, ...args: ExhibitEvents[K]): boolean;
}

export class VisitorPresence {
  private readonly idleClock: IdleClock;
  private readonly forgetSchedule: ForgetSchedule;

  constructor(rig: ResolvedRig, private readonly host: PresenceHost, forget: (why: string) => void) {
    this.idleClock = new IdleClock(rig.visitors.idleMs);
    this.idleClock.on('change', (visitors) => host.emit('visitors', visitors));
    this.forgetSchedule = ForgetSchedule.forRig(rig, host, forget);
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

  /** A visitor did something: the idle clock starts again, and listeners (the attract loop) hear it before it takes effect. */
  touch(source: ActivitySource): void {
    this.idleClock.touch();
    this.host.emit('activity', source);
  }
}
