/**
 * Drives emulated boards through time, in one of two modes, on the host's Scheduler (timers, and
 * letting the event loop run: setImmediate on Node, a MessageChannel in a browser):
 *
 * - `realtime`: every slice (~1 ms, by a timer; at once, as soon as the event loop has run, while
 *   serial bytes are flowing) each board runs the cycles that match the wall-clock time gone by, times `speed`.
 *   Catch-up is capped (`maxCatchUpMs`): a process that stalled for a minute does not then run a
 *   minute of emulation in one go, its boards just fall behind. A slice stops early once it has
 *   used `sliceBudgetMs` of wall time, so the event loop is never blocked for long.
 * - `virtual`: nothing moves until a test calls `runFor(ms)` / `runUntil(predicate, maxMs)`,
 *   which step every board 1 ms at a time and yield to the event loop in between so serial
 *   streams deliver. Deterministic, and as fast as the CPU allows.
 */
import type { Scheduler, TimerHandle } from '../../platform/scheduler.js';
import type { AvrBoard } from './avrBoard.js';

export type ClockMode = 'realtime' | 'virtual';

export interface SimClockOptions {
  /** The host's timers and event loop. */
  scheduler: Scheduler;
  mode?: ClockMode;
  /** Emulated ms per wall ms in realtime mode (default 1). */
  speed?: number;
  /** Target slice length in realtime mode (default 1 ms). */
  sliceMs?: number;
  /** The most emulated time one slice may run per board (default 50 ms). */
  maxCatchUpMs?: number;
  /** Wall time after which a slice yields even if some boards are behind (default 8 ms). */
  sliceBudgetMs?: number;
}

export interface ClockStats {
  /** Emulated ms run per wall ms since start(), averaged over boards. 1 = real time. */
  realTimeFactor: number;
  wallMs: number;
  emulatedMs: number;
  slices: number;
  /** Slices that ended with boards still behind the wall clock. */
  behindSlices: number;
}

export class SimClock {
  readonly mode: ClockMode;
  readonly speed: number;
  private readonly scheduler: Scheduler;
  private readonly sliceMs: number;
  private readonly maxCatchUpMs: number;
  private readonly sliceBudgetMs: number;
  private readonly boards = new Set<AvrBoard>();
  /** Per board: emulated cycles it still owes to catch up with the wall clock. */
  private readonly owed = new Map<AvrBoard, number>();
  /** The next slice's timer; null while none waits on a timer. */
  private timer: TimerHandle | null = null;
  /** Bumped to forget an asked-for immediate slice (stop, or a slice that ran first). */
  private immediate = 0;
  private running = false;
  private lastWall = 0;
  private startedWall = 0;
  private emulatedMsTotal = 0;
  private slices = 0;
  private behindSlices = 0;
  private urgent = false;
  private holds = 0;
  private letGo: (() => void) | null = null;

  constructor(options: SimClockOptions) {
    this.scheduler = options.scheduler;
    this.mode = options.mode ?? 'realtime';
    this.speed = options.speed ?? 1;
    this.sliceMs = options.sliceMs ?? 1;
    this.maxCatchUpMs = options.maxCatchUpMs ?? 50;
    this.sliceBudgetMs = options.sliceBudgetMs ?? 8;
  }

  add(board: AvrBoard): void {
    this.boards.add(board);
    this.owed.set(board, 0);
    if (this.mode === 'realtime' && !this.running) this.start();
  }

  remove(board: AvrBoard): void {
    this.boards.delete(board);
    this.owed.delete(board);
    if (this.boards.size === 0) this.stop();
  }

  get size(): number {
    return this.boards.size;
  }

  /** How many cycles `board` lags the wall clock right now (0 in virtual mode). */
  lagCycles(board: AvrBoard): number {
    if (this.mode !== 'realtime' || !this.running) return 0;
    const cyclesPerMs = board.clockHz / 1000;
    return (this.owed.get(board) ?? 0) + Math.min((this.scheduler.now() - this.lastWall) * this.speed, this.maxCatchUpMs) * cyclesPerMs;
  }

  /** An open port keeps the process alive while it is open (as a real port's fd does); pair with release(). */
  hold(): void {
    this.holds++;
    this.letGo ??= this.scheduler.keepAlive();
  }

  release(): void {
    this.holds = Math.max(0, this.holds - 1);
    if (this.holds === 0 && this.letGo) {
      this.letGo();
      this.letGo = null;
    }
  }

  /** Realtime mode: asks for the next slice at once (serial traffic is waiting). */
  poke(): void {
    if (this.mode !== 'realtime' || !this.running || this.urgent) return;
    this.urgent = true;
    this.cancelSlice();
    const asked = this.immediate;
    void this.scheduler.yield().then(() => {
      if (asked === this.immediate) this.slice();
    });
  }

  /** Forgets the slice that was coming, by timer or at once. */
  private cancelSlice(): void {
    if (this.timer) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.immediate++;
  }

  start(): void {
    if (this.mode !== 'realtime' || this.running) return;
    this.running = true;
    this.lastWall = this.scheduler.now();
    this.startedWall = this.lastWall;
    this.emulatedMsTotal = 0;
    this.slices = 0;
    this.behindSlices = 0;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.holds = 1;
    this.release();
    this.cancelSlice();
  }

  get stats(): ClockStats {
    const wallMs = this.scheduler.now() - this.startedWall;
    return {
      realTimeFactor: wallMs > 0 ? this.emulatedMsTotal / Math.max(1, this.boards.size) / wallMs : 0,
      wallMs,
      emulatedMs: this.emulatedMsTotal / Math.max(1, this.boards.size),
      slices: this.slices,
      behindSlices: this.behindSlices,
    };
  }

  /** Virtual mode: runs every board `ms` of emulated time, 1 ms at a time, letting I/O through between steps. */
  async runFor(ms: number): Promise<void> {
    for (let t = 0; t < ms; t++) {
      for (const board of this.boards) board.runFor(1);
      await this.scheduler.yield();
    }
  }

  /** Virtual mode: runs until `predicate()` holds; rejects after `maxMs` of emulated time. Resolves to the ms it took. */
  async runUntil(predicate: () => boolean, maxMs: number): Promise<number> {
    for (let t = 0; ; t++) {
      await this.scheduler.yield();
      if (predicate()) return t;
      if (t >= maxMs) throw new Error(`condition not met within ${maxMs} ms of emulated time`);
      for (const board of this.boards) board.runFor(1);
    }
  }

  private schedule(): void {
    if (!this.running) return;
    this.urgent = false;
    // Boards alone do not keep a Node process alive (the Scheduler's timers do not); an open port does (hold()), like a real port's fd.
    this.timer = this.scheduler.setTimeout(() => this.slice(), this.sliceMs);
  }

  private slice(): void {
    if (!this.running) return;
    this.timer = null;
    this.immediate++;
    this.urgent = false;
    const now = this.scheduler.now();
    const elapsedMs = Math.min((now - this.lastWall) * this.speed, this.maxCatchUpMs);
    this.lastWall = now;
    this.slices++;
    let behind = false;
    let busy = false;
    // Start at a different board each slice, so when the budget runs out it is not always the same ones that wait.
    const order = [...this.boards];
    const first = order.length > 0 ? this.slices % order.length : 0;
    for (let i = 0; i < order.length; i++) {
      const board = order[(first + i) % order.length]!;
      const cyclesPerMs = board.clockHz / 1000;
      const owed = Math.min((this.owed.get(board) ?? 0) + elapsedMs * cyclesPerMs, this.maxCatchUpMs * cyclesPerMs);
      if (this.scheduler.now() - now > this.sliceBudgetMs) {
        this.owed.set(board, owed);
        behind = true;
        continue;
      }
      const whole = Math.floor(owed);
      board.run(whole);
      this.emulatedMsTotal += whole / cyclesPerMs;
      this.owed.set(board, owed - whole);
      if (board.uart.pending > 0 || board.uart.transmitting) busy = true;
    }
    if (behind) this.behindSlices++;
    if (busy || behind) this.poke();
    else this.schedule();
  }
}
