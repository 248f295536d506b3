/**
 * The LED levels one board should show, and getting them there: every channel at once when the
 * board (re)appears, one channel when it changes, and again any channel whose command did not
 * arrive with the board still there (garbled on the way, refused, unanswered) — a few times in a
 * row at most, so a board that always refuses one is reported, not retried for ever — or that was
 * held back (all of them through a Mega's bootloader quiet spell, bootloaderQuiet.ts).
 */
import type { NeuronBoard } from '../transports/board.js';

/** How often in a row a failed LED command is sent again before it is given up. */
const LED_RESENDS = 3;

export class BoardLeds {
  /** The level each channel should show. */
  readonly levels: Uint8Array;
  /** Channels whose last command failed, by how many failures in a row. */
  private readonly owed = new Map<number, number>();

  constructor(
    channels: number,
    private readonly failed: (err: unknown) => void,
  ) {
    this.levels = new Uint8Array(channels);
  }

  /** Records a channel's level; false for a channel the board does not have. */
  set(channel: number, level: number): boolean {
    if (channel < 0 || channel >= this.levels.length) return false;
    this.levels[channel] = level;
    return true;
  }

  /** Owes every channel to the board, to be sent at the next `sendOwed` (the host holds back now, and the board may have reset). */
  oweAll(): void {
    this.levels.forEach((_level, channel) => this.owed.set(channel, 0));
  }

  /** Sends a channel's level as it is now. */
  send(board: NeuronBoard, channel: number, failures = 0): void {
    this.owed.delete(channel);
    board.setLed(channel, this.levels[channel]!).catch((err) => {
      if (failures < LED_RESENDS) this.owed.set(channel, failures + 1);
      this.failed(err);
    });
  }

  /** Sends every channel (the board is new, rebooted, or was held back from). */
  sendAll(board: NeuronBoard): void {
    this.owed.clear();
    this.levels.forEach((_level, channel) => this.send(board, channel));
  }

  /** Sends the channels owed: held back, or whose last command failed. */
  sendOwed(board: NeuronBoard): void {
    for (const [channel, failures] of [...this.owed]) this.send(board, channel, failures);
  }
}
