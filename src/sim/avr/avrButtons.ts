/**
 * An emulated board's buttons: a bouncing contact per channel (BouncyButton), pressed the way a
 * visitor presses it (HeldContact: every press and release held long enough, in emulated time, for
 * the firmware's debounce to count it). The CPU is rebuilt at every reset; the buttons and the
 * moves still waiting outlive it, as a finger on a real button outlives a reset.
 */
import type { AVRIOPort, CPU } from 'avr8js';
import { HeldContact, minHoldMs } from '../heldContact.js';
import { BouncyButton } from './bouncyButton.js';
import type { McuPin } from './mcu.js';

interface BoardTimer {
  at: number;
  fn: () => void;
}

export class AvrButtons {
  private cpu: CPU | null = null;
  private bouncy: BouncyButton[] = [];
  private readonly contacts: HeldContact[];
  /** Moves waiting for their time, kept here so a reset (a new CPU, whose clock events start empty) does not drop them. */
  private readonly timers = new Set<BoardTimer>();
  private readonly bounceCycles: number;

  constructor(
    private readonly pins: readonly McuPin[],
    private readonly clockHz: number,
    bounceMs: number,
    private readonly random: () => number,
    private readonly boardName: string,
  ) {
    this.bounceCycles = Math.round((bounceMs * clockHz) / 1000);
    const time = { now: () => this.nowMs(), after: (ms: number, fn: () => void) => this.after(ms, fn) };
    this.contacts = pins.map(
      (_, ch) => new HeldContact(minHoldMs(bounceMs), time, (down) => this.bouncy[ch]!.set(down, this.bounceCycles, this.random), false, `${boardName} button ${ch}`),
    );
  }

  /** Wires the buttons to a new CPU (after a reset), each held where it is, and re-arms the waiting moves. */
  attach(cpu: CPU, port: (letter: string) => AVRIOPort): void {
    this.cpu = cpu;
    this.bouncy = this.pins.map((pin, ch) => new BouncyButton(cpu, port(pin.port), pin, this.contacts[ch]!.isDown));
    for (const timer of this.timers) this.arm(timer);
  }

  /** A visitor's press or release: made at once, or once the last move has held long enough. */
  set(ch: number, down: boolean): void {
    this.contact(ch).set(down);
  }

  /** Moves the contact now, however short the last level held (to test the firmware's debounce). */
  force(ch: number, down: boolean): void {
    this.contact(ch).force(down);
  }

  isDown(ch: number): boolean {
    return this.contact(ch).isDown;
  }

  /** Presses and releases still waiting on channel `ch`. */
  pending(ch: number): number {
    return this.contact(ch).pending;
  }

  private nowMs(): number {
    return ((this.cpu?.cycles ?? 0) * 1000) / this.clockHz;
  }

  private after(ms: number, fn: () => void): void {
    const cpu = this.cpu!;
    const timer = { at: cpu.cycles + Math.ceil((ms * this.clockHz) / 1000), fn };
    this.timers.add(timer);
    this.arm(timer);
  }

  private arm(timer: BoardTimer): void {
    const cpu = this.cpu!;
    const owner = cpu;
    cpu.addClockEvent(() => {
      // A CPU replaced by a reset never runs again, but check anyway: only the current CPU's event counts.
      if (this.cpu === owner && this.timers.delete(timer)) timer.fn();
    }, Math.max(1, timer.at - cpu.cycles));
  }

  private contact(ch: number): HeldContact {
    const contact = this.contacts[ch];
    if (!contact) throw new RangeError(`channel ${ch} is not on this ${this.boardName} (0..${this.contacts.length - 1})`);
    return contact;
  }
}
