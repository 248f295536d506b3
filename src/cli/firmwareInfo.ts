/** What the committed firmware is: its version (from board_config.h) and each board's hex and avrdude settings. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BoardProfile } from '../catalogue/schema.js';
import { NbError } from '../core/errors.js';
import { packagePath, shippedCatalogue } from '../hosts/node/boardFiles.js';
import { PACKAGE_ROOT } from '../hosts/node/paths.js';

/** The board types `--board` takes: the catalogue's, in its order (a variant such as nano-old is flashed through its type). */
export function boardNames(): string[] {
  return shippedCatalogue().boardTypes;
}

export const BOARD_CONFIG_H = join(PACKAGE_ROOT, 'firmware', 'neuroboard', 'board_config.h');

/** NB_FIRMWARE_VERSION of the committed sketch, or null when the sources are not shipped. */
export function committedFirmwareVersion(file = BOARD_CONFIG_H): string | null {
  if (!existsSync(file)) return null;
  const match = /#define\s+NB_FIRMWARE_VERSION\s+"([^"]+)"/.exec(readFileSync(file, 'utf8'));
  return match?.[1] ?? null;
}

export type AvrdudeSettings = BoardProfile['avrdude'];

export interface FlashTarget {
  profile: BoardProfile;
  hex: string;
  avrdude: AvrdudeSettings;
}

/** The profile's hex (which must be there) and avrdude settings. */
export function flashTarget(board: string): FlashTarget {
  const profile = shippedCatalogue().get(board);
  const hex = packagePath(profile.firmware);
  if (!existsSync(hex)) {
    throw new NbError('NB_ERR_IO', `the firmware for ${board} is missing (${hex}); restore firmware/hex from git or run \`make -C firmware\``, {
      field: 'firmware',
    });
  }
  return { profile, hex, avrdude: profile.avrdude };
}
