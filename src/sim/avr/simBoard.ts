/**
 * A simulated board as the rest of the program sees it: an emulated Arduino at a port path
 * ("sim:uno:0") that can be pressed, looked at, reset, unplugged and plugged back in. The serial
 * side is reached only through SimBinding (src/sim/simBinding.ts), exactly like hardware.
 */
import { hexToBytes, textToBytes } from '../../platform/bytes.js';
import { AvrBoard } from './avrBoard.js';
import type { AvrBoardOptions, ResetCause } from './avrBoard.js';

/**
 * The firmware's EEPROM layout (firmware/neuroboard/settings.cpp, layout version 1): magic "nb",
 * layout version, channel count, then the 4-byte board id, most significant byte first.
 */
export const EEPROM_LAYOUT = { magic: [0x6e, 0x62], version: 1, channelsAddr: 3, idAddr: 4 } as const;

/** EEPROM bytes 0..7 that give a board `id` (8 hex digits) and `channels` channels in use. */
export function eepromWithId(id: string, channels = 1): Uint8Array {
  if (!/^[0-9a-f]{8}$/.test(id) || id === '00000000' || id === 'ffffffff') {
    throw new RangeError(`board id "${id}" must be 8 lower-case hex digits, not 00000000 or ffffffff`);
  }
  const bytes = new Uint8Array(8);
  bytes.set(EEPROM_LAYOUT.magic, 0);
  bytes[2] = EEPROM_LAYOUT.version;
  bytes[EEPROM_LAYOUT.channelsAddr] = channels;
  bytes.set(hexToBytes(id)!, EEPROM_LAYOUT.idAddr);
  return bytes;
}

/** A stable id for a path, so sim:uno:0 is the same board on every run (FNV-1a). */
export function idForPath(path: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619) >>> 0;
  if (h === 0 || h === 0xffffffff) h = 0x5a5a5a5a;
  return h.toString(16).padStart(8, '0');
}

/** What SimBinding's open port does with the board (kept small so SimBoard does not depend on it). */
export interface SimPortLink {
  /** A byte from the board. */
  receive(byte: number): void;
  /** The board was unplugged under the open port. */
  disconnect(): void;
}

export interface SimBoardOptions extends Omit<AvrBoardOptions, 'eeprom'> {
  path: string;
  /** The board id kept in its EEPROM; default derived from the path. `null`: blank EEPROM (the firmware makes one up). */
  id?: string | null;
  /** Channels in use stored in EEPROM with the id (default 1, as the firmware defaults). */
  channels?: number;
  /** Raw EEPROM contents (e.g. left by another sketch); only with `id: null`. */
  eeprom?: Uint8Array;
}

export class SimBoard {
  readonly path: string;
  readonly avr: AvrBoard;
  /** The id seeded into EEPROM (null when the firmware was left to make one up). */
  readonly id: string | null;
  /** Called when the board is plugged back in, so the owner can put it back in the port list. */
  private link: SimPortLink | null = null;
  private pluggedIn = true;

  constructor(options: SimBoardOptions) {
    this.path = options.path;
    this.id = options.id === null ? null : (options.id ?? idForPath(options.path));
    const { path: _path, id: _id, channels, eeprom, ...rest } = options;
    this.avr = new AvrBoard({
      ...rest,
      ...(this.id === null ? (eeprom ? { eeprom } : {}) : { eeprom: eepromWithId(this.id, channels ?? 1) }),
    });
    this.avr.uart.onTransmit = (byte) => this.link?.receive(byte);
  }

  get board(): string {
    return this.avr.profile.name;
  }

  get plugged(): boolean {
    return this.pluggedIn;
  }

  get isOpen(): boolean {
    return this.link !== null;
  }

  /**
   * Pushes channel `ch`'s button (with contact bounce), as a visitor does: a press or release that
   * follows the last one too soon for the firmware's debounce waits, in emulated time, until it counts.
   */
  press(ch = 0): void {
    this.avr.press(ch);
  }

  release(ch = 0): void {
    this.avr.release(ch);
  }

  /** Moves the contact at once, however short the last level held: to test the firmware's debounce. */
  setContact(ch: number, down: boolean): void {
    this.avr.setContact(ch, down);
  }

  /** Presses and releases still waiting for their turn on channel `ch`. */
  pendingMoves(ch = 0): number {
    return this.avr.pendingMoves(ch);
  }

  isPressed(ch = 0): boolean {
    return this.avr.isPressed(ch);
  }

  /** The LED's brightness measured on its pin, 0..255 (see AvrBoard.ledDuty). */
  ledLevel(ch = 0): number {
    return this.avr.ledLevel(ch);
  }

  ledDuty(ch = 0, windowMs?: number): number {
    return this.avr.ledDuty(ch, windowMs);
  }

  reset(cause: ResetCause = 'external'): void {
    this.avr.reset(cause);
  }

  /** USB yanked: the board loses power, an open port sees a disconnect, the path leaves the port list. */
  unplug(): void {
    if (!this.pluggedIn) return;
    this.pluggedIn = false;
    this.avr.powered = false;
    this.avr.uart.flush();
    const link = this.link;
    this.attach(null);
    link?.disconnect();
  }

  /** Plugged back in: powers up (a power-on reset) and is openable again. */
  replug(): void {
    if (this.pluggedIn) return;
    this.pluggedIn = true;
    this.avr.powered = true;
    this.avr.reset('power');
  }

  /**
   * Bytes that appear on the host's side of the link as if the board had sent them (line noise, a
   * stray reply, an impostor's BOOT), for testing the host. Nothing reaches the emulated board.
   */
  inject(bytes: string | Uint8Array): void {
    const data = typeof bytes === 'string' ? textToBytes(bytes) : bytes;
    for (const b of data) this.link?.receive(b);
  }

  /** SimBinding attaches its open port here; null detaches. */
  attach(link: SimPortLink | null): void {
    this.link = link;
    this.avr.uart.hostListening = link !== null;
  }
}
