/**
 * The board types of the shipped profiles (boards/profiles/), in the catalogue's order, read without
 * the catalogue's schema check. The CLI builds its `--board` choices from them at every start, and
 * loading the schema engine for that (typebox's 500-odd modules) made even `neuroboard --version`
 * take 0.9 s. The profiles are checked when a command uses one (boardFiles.ts, shippedCatalogue);
 * test/hosts/node/boardTypeNames.test.ts holds this list to the catalogue's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROFILES_DIR } from './paths.js';

interface NamedProfile {
  name: string;
  announces: string;
  order: number;
}

export function shippedBoardTypes(dir = PROFILES_DIR): string[] {
  const profiles = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as NamedProfile);
  // As BoardCatalogue orders its profiles and picks its types.
  return profiles
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name))
    .filter((p) => p.announces === p.name)
    .map((p) => p.name);
}
