/**
 * Where the package's own data lives (boards/, firmware/hex/), whether running from src/ under tsx and
 * vitest or from the compiled dist/src/.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'boards'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('neuroboard: cannot find the package root (package.json beside boards/); reinstall the package');
}

export const PACKAGE_ROOT = findPackageRoot();
export const BOARDS_DIR = join(PACKAGE_ROOT, 'boards');
export const PROFILES_DIR = join(BOARDS_DIR, 'profiles');
