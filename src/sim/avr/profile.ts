/**
 * Board profiles (boards/profiles/*.json) as the simulator needs them: the MCU, the clock, and each
 * channel's LED and button resolved from Arduino pin numbers to MCU port and bit. The profile is data;
 * nothing about a particular board is written in code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NbError } from '../../core/errors.js';

export interface BoardProfile {
  name: string;
  title: string;
  mcu: 'atmega328p' | 'atmega2560';
  clockHz: number;
  baudRate: number;
  flashBytes: number;
  eepromBytes: number;
  resetOnOpen: boolean;
  firmware: string;
  /**
   * The fuse bytes as the board ships them (in the file as "0xde"; numbers once loaded). The
   * simulator reads BOOTRST and BOOTSZ from `high`: with BOOTRST programmed, reset starts the
   * bootloader at the boot section's start.
   */
  fuses?: { low: number; high: number; extended: number };
  /**
   * The bootloader the board ships with: its hex (relative to the repository root), the protocol it
   * speaks and its baud rate. The simulator puts it in flash beside the sketch; `neuroboard flash`
   * talks to it.
   */
  bootloader?: {
    hex: string;
    protocol: 'stk500v1' | 'stk500v2';
    baudRate: number;
    /**
     * Whether simulated boards run it by default (default true; every shipped profile does). False
     * starts the sketch at once unless a board asks for the bootloader (AvrBoardOptions.bootloader),
     * for a bootloader too slow to emulate. (The Mega's stk500v2 was, until its wait loop's 32-bit
     * division was computed at once: libgccDivision.ts.)
     */
    emulated?: boolean;
    /**
     * For a bootloader that restarts its timeout on every byte it receives (the Mega's stk500v2:
     * ~4.5 s after the last one): how long it keeps listening after a byte. The host stays silent
     * this long after a missed reply, so a board reset mid-session gets to its sketch.
     */
    listensAfterByteMs?: number;
  };
  channels: { max: number; default: number; ledPins: number[]; buttonPins: number[] };
  pwmPins: number[];
  pins: Record<string, string>;
}

/** An MCU pin: port letter and bit, e.g. PB1 → { port: 'B', bit: 1 }. */
export interface McuPin {
  arduinoPin: number;
  port: string;
  bit: number;
}

/** The repository root: the nearest folder above this module holding boards/profiles (works from src/ and dist/). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'boards', 'profiles'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the neuroboard repository root (boards/profiles) above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

const cache = new Map<string, BoardProfile>();

/** Loads boards/profiles/<name>.json (or a path to a profile file). */
export function loadBoardProfile(nameOrPath: string): BoardProfile {
  const hit = cache.get(nameOrPath);
  if (hit) return hit;
  const file = nameOrPath.endsWith('.json') ? resolve(nameOrPath) : join(repoRoot(), 'boards', 'profiles', `${nameOrPath}.json`);
  let profile: BoardProfile;
  try {
    profile = JSON.parse(readFileSync(file, 'utf8')) as BoardProfile;
  } catch (err) {
    throw new NbError('NB_ERR_INVALID_PROFILE', `cannot read board profile ${file}: ${(err as Error).message}. Known boards: uno, nano, mega.`, { field: file, cause: err });
  }
  const bad = (field: string, why: string): never => {
    throw new NbError('NB_ERR_INVALID_PROFILE', `${file}: ${field} ${why}. Compare with boards/profile.schema.json.`, { field });
  };
  if (profile.mcu !== 'atmega328p' && profile.mcu !== 'atmega2560') bad('mcu', `"${String(profile.mcu)}" is not atmega328p or atmega2560`);
  if (!Number.isInteger(profile.clockHz) || profile.clockHz < 1_000_000) bad('clockHz', 'must be an integer ≥ 1000000');
  const { ledPins, buttonPins, max } = profile.channels ?? bad('channels', 'is missing');
  const fuses = profile.fuses as Record<string, unknown> | undefined;
  if (fuses !== undefined) {
    for (const key of ['low', 'high', 'extended'] as const) {
      const raw = fuses[key];
      const value = typeof raw === 'string' && /^0x[0-9a-f]{2}$/i.test(raw) ? parseInt(raw, 16) : raw;
      if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xff)) bad(`fuses.${key}`, 'must be a byte such as "0xde"');
      fuses[key] = value;
    }
  }
  const boot = profile.bootloader;
  if (boot !== undefined) {
    if (typeof boot.hex !== 'string') bad('bootloader.hex', 'must be the path of a .hex file');
    if (boot.protocol !== 'stk500v1' && boot.protocol !== 'stk500v2') bad('bootloader.protocol', 'must be stk500v1 or stk500v2');
    if (!Number.isInteger(boot.baudRate)) bad('bootloader.baudRate', 'must be an integer');
    if (boot.listensAfterByteMs !== undefined && !(Number.isInteger(boot.listensAfterByteMs) && boot.listensAfterByteMs >= 0)) bad('bootloader.listensAfterByteMs', 'must be a whole number of ms');
    if (!fuses) bad('fuses', 'are needed with a bootloader (the high fuse says where it starts)');
  }
  if (ledPins.length < max || buttonPins.length < max) bad('channels', `lists fewer LED/button pins than max (${max})`);
  for (const pin of [...ledPins, ...buttonPins]) {
    const where = profile.pins[String(pin)];
    if (!where || !/^P[A-L][0-7]$/.test(where)) bad(`pins["${pin}"]`, 'is missing or not like "PB1"');
  }
  cache.set(nameOrPath, profile);
  return profile;
}

/** Resolves an Arduino pin number through the profile's pin table. */
export function mcuPin(profile: BoardProfile, arduinoPin: number): McuPin {
  const where = profile.pins[String(arduinoPin)];
  if (!where) throw new NbError('NB_ERR_INVALID_PROFILE', `board profile ${profile.name} has no pin ${arduinoPin} in "pins"`, { field: `pins["${arduinoPin}"]` });
  return { arduinoPin, port: where[1]!, bit: Number(where[2]) };
}

/** The profile's bootloader hex as an absolute path, or null when it has none. */
export function bootloaderPath(profile: BoardProfile): string | null {
  return profile.bootloader ? join(repoRoot(), profile.bootloader.hex) : null;
}

/** The profile's firmware hex as an absolute path. */
export function firmwarePath(profile: BoardProfile): string {
  return join(repoRoot(), profile.firmware);
}
