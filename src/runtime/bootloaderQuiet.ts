/**
 * The host's silence for a board whose bootloader restarts its timeout on every byte it receives
 * (the Mega's stk500v2, ~5 s after each one): after a missed reply the supervisor sends nothing for
 * that long, so a board reset mid-session (button, brown-out) can leave the bootloader and start
 * its sketch, whose BOOT ends the silence early.
 */
import { bootloaderListensMs } from './supervisorTiming.js';

export class BootloaderQuiet {
  /** Until then (host ms) nothing is sent; 0: not holding back. */
  private until = 0;
  /** A silence that ran its course (no BOOT ended it): what was held back must still be sent. */
  private owed = false;

  constructor(private readonly now: () => number) {}

  get active(): boolean {
    return this.until > 0 && this.now() < this.until;
  }

  /** How long the silence still lasts (0 when none). */
  get remainingMs(): number {
    return this.active ? this.until - this.now() : 0;
  }

  /** When the last silence ended (-Infinity if none): a board's silence is counted from it, not from before. */
  get endedAt(): number {
    return this.until > 0 ? this.until : -Infinity;
  }

  /** Starts the silence after a missed reply from a `board` (type) whose bootloader listens after every byte; returns its ms (0: none). */
  start(board: string): number {
    const ms = bootloaderListensMs(board);
    if (ms === 0 || this.active) return 0;
    this.until = this.now() + ms;
    this.owed = true;
    return ms;
  }

  /**
   * True once, when a silence has run out without a BOOT: the LED levels set during it never went
   * out, and nothing else sends them again (a BOOT or a reconnect resends them; a garbled PONG that
   * started the silence needs neither), so the caller resends them now.
   */
  takeEnded(): boolean {
    if (!this.owed || this.active) return false;
    this.owed = false;
    return true;
  }

  /** Ends the silence (a BOOT, a reconnect): the caller resends everything then. */
  clear(): void {
    this.until = 0;
    this.owed = false;
  }
}
