/** What the committed firmware is: its version (from board_config.h) and each board's hex and avrdude settings. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NbError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { firmwarePath, loadBoardProfile, type BoardProfile } from '../sim/avr/profile.js';

export const BOARD_NAMES = ['uno', 'nano', 'mega'] as const;
export type BoardName = (typeof BOARD_NAMES)[number];

export const BOARD_CONFIG_H = join(PACKAGE_ROOT, 'firmware', 'neuroboard', 'board_config.h');

/** NB_FIRMWARE_VERSION of the committed sketch, or null when the sources are not shipped. */
export function committedFirmwareVersion(file = BOARD_CONFIG_H): string | null {
  if (!existsSync(file)) return null;
  const match = /#define\s+NB_FIRMWARE_VERSION\s+"([^"]+)"/.exec(readFileSync(file, 'utf8'));
  return match?.[1] ?? null;
}

export interface AvrdudeSettings {
  partno: string;
  programmer: string;
  baudRate: number;
  oldBootloaderBaudRate?: number;
}

export interface FlashTarget {
  profile: BoardProfile;
  hex: string;
  avrdude: AvrdudeSettings;
}

/** The profile's hex and avrdude settings, checked (NB_ERR_INVALID_PROFILE names the field). */
export function flashTarget(board: BoardName): FlashTarget {
  const profile = loadBoardProfile(board);
  const settings = (profile as BoardProfile & { avrdude?: Partial<AvrdudeSettings> }).avrdude;
  const where = `boards/profiles/${board}.json`;
  if (!settings || typeof settings.partno !== 'string' || typeof settings.programmer !== 'string' || typeof settings.baudRate !== 'number') {
    throw new NbError('NB_ERR_INVALID_PROFILE', `${where}: "avrdude" needs partno, programmer and baudRate; restore the file from git`, {
      field: 'avrdude',
    });
  }
  const hex = firmwarePath(profile);
  if (!existsSync(hex)) {
    throw new NbError('NB_ERR_IO', `the firmware for ${board} is missing (${hex}); restore firmware/hex from git or run \`make -C firmware\``, {
      field: 'firmware',
    });
  }
  return { profile, hex, avrdude: settings as AvrdudeSettings };
}
