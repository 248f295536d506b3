/**
 * Scenario time: time dilation by a factor k. One scenario second is 1/k of a wall second, for
 * EVERYTHING that counts time, so every part of the system sees the same, consistent world:
 *
 * - the emulated boards run at k× (SimClock `speed` k), so the firmware's 5 s host-silence watchdog,
 *   its 20 ms debounce and its fire pulses are 5 s, 20 ms… of scenario time;
 * - the fake boards (--fast) get a FakeClock whose millis() and timers run k× fast;
 * - the host's own timers are divided by k: supervisor pings (1 s → 1/k s), reconnect backoff,
 *   garbage window and quarantine, and the cascade's step delay;
 * - the scenario's waits, timeouts and `withinMs` are divided by k.
 *
 * What is NOT dilated, and why (each only makes the run more forgiving, never changes an outcome):
 * - the supervisor's silence bound has a floor of SILENCE_FLOOR_WALL_MS wall ms: when the emulator
 *   falls behind k× for a moment (GC, a busy CI core) the boards answer late in wall time, and a
 *   dilated 350 ms bound would call them gone. An unplug is still seen at once (the port closes).
 * - the serial reply and open timeouts stay at their wall defaults, for the same reason.
 * - training runs in wall-time slices: "train for 10 s" trains for 10/k wall seconds of CPU.
 *   Prefer `untilLoss` or `epochs`, which do not depend on the machine.
 *
 * On the emulator, scenario time IS the boards' emulated time (`follow`): waits, timeouts and
 * `withinMs` count the time the firmware actually ran. A machine too busy to keep up with k× (a
 * loaded CI runner: measured 4-5× instead of 8× while other jobs ran) makes the run slower, never
 * wrong: a 2 s `withinMs` still gives the boards 2 s of their own time. Only the host's timers
 * run at a fixed k× of wall time; when the boards lag, the host just pings them more often in
 * their time, which is harmless. A guard gives up on a wait when the boards run at less than
 * 1/STALL_FACTOR of k (a stalled emulator), so a run can never hang.
 *
 * Why not fake timers (freezing Date/setTimeout and stepping the emulator 1 ms at a time)? It would
 * patch process-wide globals under the serial stack and the CLI, and stepping 1 ms at a time with
 * an event-loop turn in between runs slower than k× here (measured). Dilation keeps the real code
 * path and real timers, only faster.
 *
 * Measured on this 2-core machine (4 Unos of the XOR rig, idle firmware): the emulator keeps up
 * with k = 10 (9.7× achieved) and 20 (18.9×), not 40 (21.7×: the boards fell behind and went
 * "silent"). Defaults: k = 8 on the emulator, leaving headroom for a busy CI machine; k = 20 on
 * the fake boards (they cost no CPU, but Node timers are 1 ms grained).
 */
export const DEFAULT_SPEED_SIM = 8;
export const DEFAULT_SPEED_FAST = 20;
export const SILENCE_FLOOR_WALL_MS = 1500;
/** A wait gives up when the boards run this many times slower than asked (see above). */
export const STALL_FACTOR = 20;

/**
 * A wall-time allowance: one scenario's (`neuroboard test --wall-timeout`, counted from its start) or
 * the whole run's (`--timeout`, shared by every scenario of one `neuroboard test`).
 */
export interface WallLimit {
  scope: 'scenario' | 'run';
  /** Its length in wall ms, for messages. */
  ms: number;
  /** When it runs out, in performance.now() ms. */
  endsAt: number;
}

export class TimeScale {
  readonly k: number;
  private readonly startWall: number;
  private readonly limits: WallLimit[];
  private emulated: (() => number) | null = null;

  /**
   * Every wait fails (WallLimitError) once the scenario has taken `wallLimitMs` of wall time, or
   * once `runLimit` runs out; by default there is no limit.
   */
  constructor(k: number, options: { wallLimitMs?: number; runLimit?: WallLimit } = {}) {
    if (!(k > 0) || !Number.isFinite(k)) throw new RangeError(`time scale must be a positive number, got ${k}`);
    this.k = k;
    this.startWall = performance.now();
    this.limits = [];
    if (options.wallLimitMs !== undefined) this.limits.push({ scope: 'scenario', ms: options.wallLimitMs, endsAt: this.startWall + options.wallLimitMs });
    if (options.runLimit) this.limits.push(options.runLimit);
  }

  /** From now on, scenario time is the emulated ms `emulatedNow` reports (the boards' own time). */
  follow(emulatedNow: () => number): void {
    // Never backwards: the clock's figure is an average over its boards, which shifts if one is added or removed.
    let last = 0;
    this.emulated = () => (last = Math.max(last, emulatedNow()));
  }

  /** Scenario ms since the start. */
  now(): number {
    return this.emulated ? this.emulated() : (performance.now() - this.startWall) * this.k;
  }

  /** Wall ms for `ms` of scenario time. */
  wall(ms: number): number {
    return ms / this.k;
  }

  /** Waits `ms` of scenario time: never less (a step's measured time is at least what it asked for). */
  async sleep(ms: number): Promise<void> {
    if (this.emulated) {
      await this.until(() => false, ms);
      return;
    }
    const deadline = this.now() + ms;
    // A Node timer can fire up to 1 ms early as performance.now() counts (libuv caches its ms-grained
    // loop clock), which is 20 scenario ms at k = 20: re-arm for whatever is left.
    while (this.now() < deadline) {
      this.checkWallLimit();
      // Never past a wall-time limit in one timer: the wait must fail when it is reached, not after.
      const wallLeft = Math.min(Infinity, ...this.limits.map((l) => l.endsAt)) - performance.now();
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(this.wall(deadline - this.now()), wallLeft + 1))));
    }
  }

  /**
   * Polls `predicate` until it holds (true, at once) or `timeoutMs` of scenario time pass (false).
   * It is checked once more at the deadline, so a condition that holds by then is never missed.
   * Throws EmulatorStalledError when the boards stop keeping time (see STALL_FACTOR): ending the
   * wait as if the time had passed would let a step pass on time that never ran.
   */
  async until(predicate: () => boolean, timeoutMs: number, pollWallMs = 2): Promise<boolean> {
    const startedAt = this.now();
    const deadline = startedAt + timeoutMs;
    const wallStart = performance.now();
    const stalledAfter = this.emulated ? Math.max(5000, this.wall(timeoutMs) * STALL_FACTOR) : Infinity;
    for (;;) {
      if (predicate()) return true;
      const now = this.now();
      if (now >= deadline) return false;
      const wallMs = performance.now() - wallStart;
      if (wallMs > stalledAfter) throw new EmulatorStalledError(now - startedAt, timeoutMs, wallMs);
      this.checkWallLimit();
      await new Promise((resolve) => setTimeout(resolve, pollWallMs));
    }
  }

  private checkWallLimit(): void {
    const now = performance.now();
    const over = this.limits.find((l) => now > l.endsAt);
    if (over) throw new WallLimitError(over, this.now());
  }
}

/**
 * Wall ms for a duration as people type it: "90s", "10m", "1.5h", "250ms", or a plain number of
 * seconds; null when it is none of these.
 */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(m[1]) * unit);
}

/** "10m", "90s", "1h", "250ms": a wall time as `--timeout` takes it. */
export function durationText(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A wall-time allowance ran out (WallLimit): one scenario's, or the whole run's. */
export class WallLimitError extends Error {
  readonly limit: WallLimit;
  /** Scenario ms when it ran out. */
  readonly scenarioMs: number;

  constructor(limit: WallLimit, scenarioMs: number) {
    const into = `${(scenarioMs / 1000).toFixed(1)} s into the scenario`;
    super(
      limit.scope === 'scenario'
        ? `gave up after ${+(limit.ms / 1000).toFixed(2)} s of wall time, ${into}: ` +
            'the machine is too busy or too slow for this speed; use a lower --speed or a longer --wall-timeout'
        : `the run's time limit ran out (--timeout ${durationText(limit.ms)} of wall time for all the scenarios together), ${into}: ` +
            `raise it (--timeout ${durationText(limit.ms * 2)}) or lift it (--timeout 0)`,
    );
    this.name = 'WallLimitError';
    this.limit = limit;
    this.scenarioMs = scenarioMs;
  }
}

export class EmulatorStalledError extends Error {
  constructor(ranMs: number, askedMs: number, wallMs: number) {
    super(
      `the emulated boards ran only ${Math.round(ranMs)} of the ${Math.round(askedMs)} ms asked for in ` +
        `${(wallMs / 1000).toFixed(1)} s of wall time: the machine is too busy to run the emulator; ` +
        'close other programs, use a lower --speed, or run on fake boards (--fast)',
    );
    this.name = 'EmulatorStalledError';
  }
}
