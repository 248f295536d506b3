/**
 * One view of a simulated board for the fault injector, whichever kind it is: the fast fake
 * (src/sim/fake) or the real firmware in the emulator (src/sim/avr). Each fault maps to what the
 * board kind can really do; where one cannot (an emulated board has no "muted" switch) the nearest
 * physical equivalent is used and named here.
 */
import type { FakeBoard } from '../../src/sim/fake/fakeBoard.js';
import type { SimBoard } from '../../src/sim/avr/simBoard.js';

/** A board id no rig uses: what an impostor on a known port announces. */
export const IMPOSTOR_ID = 'deadbeef';

export interface SoakDevice {
  readonly id: string;
  readonly kind: 'fake' | 'sim';
  /** The raw contact, as a finger moves it (bounces included): the firmware's debounce has to sort it out. */
  press(channel: number): void;
  release(channel: number): void;
  unplug(): void;
  replug(): void;
  /** The board reboots (reset button, brown-out) and announces itself again. */
  reset(): void;
  /** The board stops answering while its port stays open; `false` ends it. */
  silence(on: boolean): void;
  /** A different board takes the known port; `false` puts the right one back. */
  impostor(on: boolean): void;
  /** Bytes that reach the host as if the board had sent them. */
  inject(text: string): void;
  /** The LED level the board shows now (measured on the pin for the emulator). */
  ledLevel(channel: number): number;
  /** Drops what the test double records for tests (unbounded by design there; not the exhibit's memory). */
  trimRecords(): void;
}

export function fakeDevice(board: FakeBoard): SoakDevice {
  const id = board.id;
  return {
    id,
    kind: 'fake',
    // setContact, not press: press() holds each move long enough to count (a visitor's click), while
    // the soak mashes with contact bounce and wants the debounce to see the raw contact.
    press: (ch) => board.setContact(ch, true),
    release: (ch) => board.setContact(ch, false),
    unplug: () => board.unplug(),
    replug: () => board.replug(),
    reset: () => board.reset('external'),
    silence: (on) => {
      board.muted = on;
    },
    impostor: (on) => {
      board.id = on ? IMPOSTOR_ID : id;
      board.reset(on ? 'external' : 'power');
    },
    inject: (text) => board.inject(text),
    ledLevel: (ch) => board.ledLevel(ch),
    trimRecords: () => {
      board.hostLines.length = 0;
      board.fires.length = 0;
    },
  };
}

export function simDevice(id: string, board: SimBoard): SoakDevice {
  return {
    id,
    kind: 'sim',
    // setContact, not press: press() holds each move long enough to count (a visitor's click), while
    // the soak mashes with contact bounce and wants the debounce to see the raw contact.
    press: (ch) => board.setContact(ch, true),
    release: (ch) => board.setContact(ch, false),
    unplug: () => board.unplug(),
    replug: () => board.replug(),
    reset: () => board.reset('external'),
    // A hung MCU: it stops running with the USB link up; the AVR watchdog then resets it. Bytes the
    // host sent meanwhile were lost on real hardware (the UART's 2-byte FIFO overruns), but the
    // emulator keeps them queued while `powered` is false: drop them, or the rebooted firmware
    // answers seconds of stale commands at once (which the host rightly quarantines as garbage).
    silence: (on) => {
      if (!board.plugged) return;
      board.avr.powered = !on;
      if (!on) {
        board.avr.uart.flush();
        board.reset('watchdog');
      }
    },
    // The EEPROM id is fixed at creation, so the impostor speaks on the line: its BOOT reaches the
    // host; the next open (which resets the real board) finds the right one again.
    impostor: (on) => {
      if (on) board.inject(`BOOT 1 0.1.0 uno ${IMPOSTOR_ID} 1 4 power\n`);
    },
    inject: (text) => board.inject(text),
    ledLevel: (ch) => (board.plugged ? board.ledLevel(ch) : 0),
    trimRecords: () => undefined,
  };
}
