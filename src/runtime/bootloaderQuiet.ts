/**
 * The host's silence for a board whose bootloader restarts its timeout on every byte it receives
 * (the Mega's stk500v2, ~5 s after each one): after a missed reply the supervisor sends nothing for
 * that long, so a board reset mid-session (button, brown-out) can leave the bootloader and start
 * its sketch, whose BOOT ends the silence early. Every LED level is owed to the board meanwhile
 * (boardLeds.ts); when the silence runs out, `onEnd` is called at once (the supervisor checks the
 * board and sends what it owes), not at the next ping.
 */
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import type { Scheduler, TimerHandle } from '../platform/scheduler.js';

/**
 * How long the bootloader of a `board` (the type it announces) keeps listening after each byte it
 * receives, from the catalogue (the Mega's stk500v2 restarts its timeout on every byte: a host that
 * keeps talking to a Mega reset by its button or a brown-out holds it there); 0 for a bootloader
 * that does not, or a board the catalogue does not describe (Firmata).
 */
export function bootloaderListensMs(catalogue: BoardCatalogue, board: string): number {
  return catalogue.find(board)?.bootloader?.listensAfterByteMs ?? 0;
}

export class BootloaderQuiet {
  /** Until then (host ms) nothing is sent; 0: not holding back. */
  private until = 0;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly catalogue: BoardCatalogue,
    private readonly scheduler: Scheduler,
    private readonly now: () => number,
    private readonly onEnd: () => void,
  ) {}

  get active(): boolean {
    return this.until > 0 && this.now() < this.until;
  }

  /** When the last silence ended (-Infinity if none): a board's silence is counted from it, not from before. */
  get endedAt(): number {
    return this.until > 0 ? this.until : -Infinity;
  }

  /** Starts the silence after a missed reply from a `board` (type) whose bootloader listens after every byte; returns its ms (0: none). */
  start(board: string): number {
    const ms = bootloaderListensMs(this.catalogue, board);
    if (ms === 0 || this.active) return 0;
    this.until = this.now() + ms;
    this.endOnTime(ms);
    return ms;
  }

  private endOnTime(ms: number): void {
    this.cancelTimer();
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      // A timer may fire a millisecond before the clock says the time has come.
      if (this.active) this.endOnTime(Math.max(1, this.until - this.now()));
      else this.onEnd();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Ends the silence (a BOOT, a reconnect; the board lost or stopped): the caller resends everything then, if it can. */
  clear(): void {
    this.until = 0;
    this.cancelTimer();
  }
}
