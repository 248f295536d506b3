/**
 * Where things live: the package's own data (boards/, firmware/hex/, dashboard/), whether running
 * from src/ under tsx and vitest or from the compiled dist/src/, and where saved state goes.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, posix, resolve, win32 } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'boards'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error('neuroboard: cannot find the package root (package.json beside boards/); reinstall the package');
}

export const PACKAGE_ROOT = findPackageRoot();
export const BOARDS_DIR = join(PACKAGE_ROOT, 'boards');
export const PROFILES_DIR = join(BOARDS_DIR, 'profiles');

/**
 * A clone (or any copy with the TypeScript sources) rather than an installed package: the published
 * package ships dist/ only, never src/.
 */
export function isSourceCheckout(root = PACKAGE_ROOT): boolean {
  return existsSync(join(root, 'src', 'cli', 'main.ts'));
}

export interface DataDirContext {
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  home: string;
  packageRoot: string;
  sourceCheckout: boolean;
}

/**
 * The user's own data folder for neuroboard, as each desktop expects it: XDG on Linux and the other
 * Unixes (a relative XDG_DATA_HOME is ignored, as the spec says), Application Support on macOS,
 * the roaming AppData on Windows.
 */
export function userDataDir(context: Pick<DataDirContext, 'env' | 'platform' | 'home'>): string {
  const { env, platform, home } = context;
  if (platform === 'win32') return win32.join(env['APPDATA'] || win32.join(home, 'AppData', 'Roaming'), 'neuroboard');
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'neuroboard');
  const xdg = env['XDG_DATA_HOME'];
  return posix.join(xdg && isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share'), 'neuroboard');
}

/**
 * Where `start` and `train` save state when --data is not given: NEUROBOARD_DATA if set; in a clone
 * the clone's var/ (what developers have always had, next to their work and ignored by git); for an
 * installed package the user's data folder, so running it in any folder leaves that folder alone.
 */
export function dataDirFor(context: DataDirContext): string {
  const fromEnv = context.env['NEUROBOARD_DATA'];
  if (fromEnv) return fromEnv;
  return context.sourceCheckout ? join(context.packageRoot, 'var') : userDataDir(context);
}

/** `dataDirFor` on this machine and this copy of neuroboard. */
export function defaultDataDir(): string {
  return dataDirFor({ env: process.env, platform: process.platform, home: homedir(), packageRoot: PACKAGE_ROOT, sourceCheckout: isSourceCheckout() });
}

/** The rig `neuroboard start` and `train` use when none is named: the XOR exhibit. */
export const DEFAULT_RIG = join(BOARDS_DIR, 'rigs', 'xor.json');
