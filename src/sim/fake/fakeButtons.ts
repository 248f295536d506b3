/**
 * The fake board's buttons, debounced as the firmware does (PROTOCOL.md, "Debounce"): a change is
 * reported once the pin has held its new level for DEBOUNCE_MS; a bounce back within that time is no
 * change. Only channels in use are scanned.
 */
import { DEBOUNCE_MS } from '../../protocol/index.js';
import type { FakeClock } from './clock.js';

export class FakeButtons {
  /** The debounced states (what BTN and STATE report). */
  readonly pressed: boolean[];
  private readonly pinDown: boolean[];
  /** When each pin last changed, on the board's clock. */
  private readonly pinSince: number[];
  private readonly timers: unknown[];

  constructor(
    count: number,
    private readonly clock: FakeClock,
    private readonly inUse: () => number,
    private readonly report: (channel: number, pressed: boolean) => void,
  ) {
    this.pressed = new Array<boolean>(count).fill(false);
    this.pinDown = new Array<boolean>(count).fill(false);
    this.pinSince = new Array<number>(count).fill(0);
    this.timers = new Array<unknown>(count).fill(null);
  }

  /** Moves the pin (the physical button); `scanning` is false while the board is unpowered. */
  setPin(channel: number, down: boolean, scanning: boolean): void {
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.pinDown.length) throw new RangeError(`fake board has no channel ${channel}`);
    // A level that has held for the debounce time counts even if its timer has not run yet (a busy
    // event loop runs timers late): the firmware would have taken it at its next poll.
    if (scanning && this.timers[channel] !== null && this.clock.now() - this.pinSince[channel]! >= DEBOUNCE_MS) this.accept(channel);
    this.pinDown[channel] = down;
    this.pinSince[channel] = this.clock.now();
    if (!scanning) return;
    this.clearTimer(channel);
    this.timers[channel] = this.clock.setTimer(() => this.accept(channel), DEBOUNCE_MS);
  }

  /** The pin's level has held for the debounce time: it is the button's state now. */
  private accept(channel: number): void {
    this.clearTimer(channel);
    const down = this.pinDown[channel]!;
    if (channel >= this.inUse() || this.pressed[channel] === down) return;
    this.pressed[channel] = down;
    this.report(channel, down);
  }

  /** At boot the firmware reads the pins as they are. */
  boot(): void {
    for (let ch = 0; ch < this.pinDown.length; ch++) this.pressed[ch] = this.pinDown[ch] ?? false;
  }

  stop(): void {
    for (let ch = 0; ch < this.timers.length; ch++) this.clearTimer(ch);
  }

  private clearTimer(channel: number): void {
    const timer = this.timers[channel];
    if (timer !== null && timer !== undefined) this.clock.clearTimer(timer);
    this.timers[channel] = null;
  }
}
