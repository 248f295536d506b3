/**
 * When visitors' lessons are forgotten, by the rig's `visitors.lessons` policy:
 * - 'keep': never (staff forget them: Exhibit.forgetVisitors);
 * - 'forget-after-idle' (default): `forgetAfterMs` after the last visitor action (or after the
 *   start, when nobody has done anything since: a restart between a lesson and its rollback must
 *   not keep the lesson for good);
 * - 'forget-at-midnight': at local midnight, every night.
 * Only schedules: the exhibit does the forgetting (and says when there is nothing to forget).
 */
import type { Scheduler, TimerHandle } from '../platform/scheduler.js';
import type { ResolvedRig, VisitorLessons as LessonsPolicy } from './rig/validate.js';

export type { LessonsPolicy };

/** The rig's `visitors.lessons` and `visitors.forgetAfterMs` (defaults filled in by resolveRig). */
export function lessonsSettings(rig: Pick<ResolvedRig, 'visitors'>): { policy: LessonsPolicy; forgetAfterMs: number } {
  return { policy: rig.visitors.lessons, forgetAfterMs: rig.visitors.forgetAfterMs };
}

export interface ForgetScheduleOptions {
  policy: LessonsPolicy;
  forgetAfterMs: number;
  /** Forgets the visitors' lessons (the exhibit's rollback). */
  forget: () => void;
  /** Its timers. */
  scheduler: Scheduler;
  /** Wall clock in ms (Date.now); injected for tests. */
  now?: () => number;
}

/** The next local midnight after `now` (setHours(24) walks over a daylight-saving change correctly). */
export function nextMidnight(now: number): number {
  const d = new Date(now);
  d.setHours(24, 0, 0, 0);
  return d.getTime();
}

export class ForgetSchedule {
  private timer: TimerHandle | null = null;
  private running = false;
  private readonly now: () => number;

  /**
   * The schedule the rig's `visitors` settings ask for (counting from each `activity()`); `forget`
   * gets the reason in words, for the log (and logs its own failures: a timer has nobody to answer).
   */
  static forRig(rig: Pick<ResolvedRig, 'name' | 'visitors'>, scheduler: Scheduler, forget: (why: string) => void, now?: () => number): ForgetSchedule {
    const settings = lessonsSettings(rig);
    const why =
      settings.policy === 'forget-at-midnight'
        ? 'midnight (rig "' + rig.name + '": visitors.lessons forget-at-midnight)'
        : `nobody about for ${Math.round(settings.forgetAfterMs / 1000)} s (rig "${rig.name}": visitors.lessons forget-after-idle)`;
    return new ForgetSchedule({ ...settings, scheduler, forget: () => forget(why), ...(now ? { now } : {}) });
  }

  constructor(private readonly options: ForgetScheduleOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts counting: idle from now, or to the next midnight. */
  start(): void {
    this.running = true;
    if (this.options.policy === 'forget-after-idle') this.arm(this.options.forgetAfterMs);
    if (this.options.policy === 'forget-at-midnight') this.armMidnight();
  }

  /** A visitor did something: the idle count starts again. */
  activity(): void {
    if (this.running && this.options.policy === 'forget-after-idle') this.arm(this.options.forgetAfterMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.options.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  private armMidnight(): void {
    const at = nextMidnight(this.now());
    // A timer can fire a little early (a changed clock): then it waits out the rest of the same night.
    this.arm(at - this.now(), () => {
      if (this.now() >= at) this.options.forget();
      this.armMidnight();
    });
  }

  private arm(ms: number, then: () => void = () => this.options.forget()): void {
    if (this.timer) this.options.scheduler.clearTimeout(this.timer);
    this.timer = this.options.scheduler.setTimeout(() => {
      this.timer = null;
      if (this.running) then();
    }, Math.max(0, ms));
  }
}
