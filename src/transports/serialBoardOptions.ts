/**
 * How a serial board link is set up: where it is, which binding, its speed and its time limits.
 * (serialBoard.ts is the link itself.)
 */
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import { BOOT_AFTER_RESET_MAX_MS } from '../protocol/index.js';

export interface BoardTimeouts {
  /** A command's reply, from writing it. */
  replyMs: number;
  /** After opening, how long to wait for BOOT (the DTR reset and the bootloader) before asking WHO. */
  bootWaitMs: number;
  /** Opening gives up after this long in all. */
  openMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<BoardTimeouts> = {
  replyMs: 1000,
  bootWaitMs: BOOT_AFTER_RESET_MAX_MS + 500,
  openMs: BOOT_AFTER_RESET_MAX_MS + 4000,
};

/** The fire pulse when the caller names none (the spec's example). */
export const DEFAULT_FIRE_MS = 150;

export interface SerialBoardOptions {
  /** Port path ("/dev/ttyACM0", "COM3") or sim/fake address. */
  path: string;
  binding: BindingInterface;
  /** The boards there are: a BOOT or HELLO naming another board type (or more channels than it has) is garbage. */
  catalogue: BoardCatalogue;
  transport?: 'serial' | 'sim' | 'fake';
  baudRate?: number;
  timeouts?: Partial<BoardTimeouts>;
  /** Most commands waiting to be written besides the per-channel LED/FIRE ones; default 32. */
  maxQueued?: number;
}
