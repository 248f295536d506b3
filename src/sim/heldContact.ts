/**
 * A simulated board's button as a visitor (the API, the dashboard, a scenario) presses it. A real
 * firmware only counts a level that held for its debounce time, so a press and a release asked for
 * back to back (a keyboard "click", a quick tap, a script) would never be seen. Here each move of
 * the contact is held for at least `minHoldMs` of the BOARD'S OWN time (emulated cycles for avr8js
 * boards, the fake's clock for fake boards) before the next move is made; moves asked for sooner
 * wait in order. So 20 down/up pairs sent at once are 20 presses, whatever the host's timing.
 */
import { NbError } from '../core/errors.js';
import { DEBOUNCE_MS } from '../protocol/index.js';

/** Held beyond the debounce so the firmware's loop, which reads millis() in whole ms, has surely accepted the level. */
export const HOLD_MARGIN_MS = 10;

/** The shortest time a press or a release is held on a board whose contact bounces for `bounceMs`. */
export function minHoldMs(bounceMs = 0): number {
  return bounceMs + DEBOUNCE_MS + HOLD_MARGIN_MS;
}

/**
 * The most moves that may wait (32 presses, about 2 s of board time): beyond that the visitor is
 * asked to wait instead of queueing presses that would play for minutes.
 */
export const MAX_WAITING_MOVES = 64;

/** The board's own time: ms now, and a callback after `ms` of it. */
export interface BoardTime {
  now(): number;
  after(ms: number, fn: () => void): void;
}

export class HeldContact {
  private readonly waiting: boolean[] = [];
  private movedAt = -Infinity;
  private timerArmed = false;

  /** `move` puts the contact down (true) or up; `down` is where it is now. */
  constructor(
    private readonly holdMs: number,
    private readonly time: BoardTime,
    private readonly move: (down: boolean) => void,
    private down = false,
    private readonly where = 'this button',
  ) {}

  /** Where the contact is now. */
  get isDown(): boolean {
    return this.down;
  }

  /** Where it will be once every waiting move is made. */
  get target(): boolean {
    return this.waiting.at(-1) ?? this.down;
  }

  /** Moves not yet made. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Asks for the contact down or up; a repeat of the level it is heading for changes nothing. */
  set(down: boolean): void {
    if (down === this.target) return;
    if (this.waiting.length >= MAX_WAITING_MOVES) {
      throw new NbError(
        'NB_ERR_RATE_LIMITED',
        `${this.where} still has ${this.waiting.length / 2} presses to play (each is held ${this.holdMs} ms so the board sees it); press again in a second`,
      );
    }
    this.waiting.push(down);
    this.pump();
  }

  /** Moves the contact at once, however short the last level held, dropping waiting moves (to test the debounce itself). */
  force(down: boolean): void {
    this.waiting.length = 0;
    if (down !== this.down) this.apply(down);
  }

  private pump(): void {
    if (this.timerArmed) return;
    while (this.waiting.length > 0) {
      const wait = this.movedAt + this.holdMs - this.time.now();
      if (wait > 0) {
        this.timerArmed = true;
        this.time.after(wait, () => {
          this.timerArmed = false;
          this.pump();
        });
        return;
      }
      this.apply(this.waiting.shift()!);
    }
  }

  private apply(down: boolean): void {
    this.down = down;
    this.movedAt = this.time.now();
    this.move(down);
  }
}
