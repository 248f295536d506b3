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
  private readonly timers: unknown[];

  constructor(
    count: number,
    private readonly clock: FakeClock,
    private readonly inUse: () => number,
    private readonly report: (channel: number, pressed: boolean) => void,
  ) {
    this.pressed = new Array<boolean>(count).fill(false);
    this.pinDown = new Array<boolean>(count).fill(false);
    this.timers = new Array<unknown>(count).fill(null);
  }

  /** Moves the pin (the physical button); `scanning` is false while the board is unpowered. */
  setPin(channel: number, down: boolean, scanning: boolean): void {
    if (!Number.isInteger(channel) || channel < 0 || channel >= this.pinDown.length) throw new RangeError(`fake board has no channel ${channel}`);
    this.pinDown[channel] = down;
    if (!scanning) return;
    this.clearTimer(channel);
    this.timers[channel] = this.clock.setTimer(() => {
      this.timers[channel] = null;
      if (channel >= this.inUse() || this.pressed[channel] === down) return;
      this.pressed[channel] = down;
      this.report(channel, down);
    }, DEBOUNCE_MS);
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
