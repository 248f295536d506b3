/**
 * The Node host's loader for what the board catalogue is made of and names: the profiles in
 * boards/profiles/ (one file per board kind) and the hex files of the firmware and bootloaders,
 * read from the package. The neutral code gets the built catalogue and a HexFiles; a browser host
 * fetches the same files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { parseProfile } from '../../catalogue/parseProfile.js';
import { NbError } from '../../core/errors.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import { PACKAGE_ROOT, PROFILES_DIR } from './paths.js';
import type { HexFiles } from '../../sim/avr/flashImage.js';

/** Reads and checks every profile in `dir` (a file per kind, named after it) and builds the catalogue. */
export function loadCatalogue(dir = PROFILES_DIR): BoardCatalogue {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch (err) {
    throw new NbError('NB_ERR_IO', `${dir}: cannot read the board profiles (${(err as Error).message}); reinstall neuroboard`, { cause: err });
  }
  return new BoardCatalogue(
    files.map((file) => {
      const path = join(dir, file);
      const profile = parseProfile(parseJsonFile(readFileSync(path, 'utf8'), path, 'NB_ERR_INVALID_PROFILE'), path);
      if (`${profile.name}.json` !== basename(file)) {
        throw new NbError('NB_ERR_INVALID_PROFILE', `${path}: its name is "${profile.name}"; a profile's file is named after it (${profile.name}.json)`, { field: 'name' });
      }
      return profile;
    }),
  );
}

let shipped: BoardCatalogue | null = null;

/** The catalogue of the boards neuroboard ships with (boards/profiles/), read on first use. */
export function shippedCatalogue(): BoardCatalogue {
  shipped ??= loadCatalogue();
  return shipped;
}

/** A path the catalogue names (relative to the package root), on this machine. */
export function packagePath(path: string): string {
  return resolve(PACKAGE_ROOT, path);
}

/** The hex files the catalogue names, read from the package (absolute paths too: a StandardFirmata in .cache/). */
export const packageHexFiles: HexFiles = {
  read(path: string): string {
    try {
      return readFileSync(packagePath(path), 'latin1');
    } catch (err) {
      throw new NbError(
        'NB_ERR_INVALID_HEX',
        `cannot read firmware ${packagePath(path)}: ${(err as Error).message}. Build it (firmware/) or check the board profile's "firmware" path.`,
        { field: path, cause: err },
      );
    }
  },
};
