/**
 * Prebuilt StandardFirmata for the simulator's Firmata boards (the johnny-five path), taken from the
 * avrgirl-arduino npm package, which ships one per board under package/junk/hex/<board>/. The package
 * is not a dependency (its install pulls a git URL): `npm pack` fetches the tarball alone into
 * .cache/firmata/, `tar` extracts the one hex, and it is cached there. Nothing is committed.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { NbError } from '../../core/errors.js';
import { PACKAGE_ROOT } from './paths.js';
import { parseIntelHex } from '../../sim/avr/intelHex.js';
import { shippedCatalogue } from './boardFiles.js';

const run = promisify(execFile);

/** Pinned: the hex inside is what the Firmata tests were written against (Firmata 2.5, 57600 baud). */
export const AVRGIRL_ARDUINO_VERSION = '5.0.1';
/** StandardFirmata's serial speed. */
export const FIRMATA_BAUD_RATE = 57600;

export interface FirmataHexOptions {
  /** Where the tarball and the hex are cached; default <repo>/.cache/firmata. */
  cacheDir?: string;
  /** Gives up on `npm pack` after this long (default 90 s), so a dead network fails instead of hanging. */
  timeoutMs?: number;
  /** npm registry URL; default npm's own configuration. */
  registry?: string;
  /** Where `board` is described (its flash size); default the shipped boards. */
  catalogue?: BoardCatalogue;
}

/** Path of StandardFirmata's hex for `board` ("uno", "nano", "mega"), fetching it on first use. */
export async function firmataHex(board: string, options: FirmataHexOptions = {}): Promise<string> {
  const cacheDir = options.cacheDir ?? join(PACKAGE_ROOT, '.cache', 'firmata');
  const target = join(cacheDir, `StandardFirmata-${board}-${AVRGIRL_ARDUINO_VERSION}.hex`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });

  const tarball = join(cacheDir, `avrgirl-arduino-${AVRGIRL_ARDUINO_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    try {
      const args = ['pack', `avrgirl-arduino@${AVRGIRL_ARDUINO_VERSION}`, '--pack-destination', cacheDir, '--silent'];
      if (options.registry) args.push('--registry', options.registry, '--fetch-retries', '0');
      await run('npm', args, {
        timeout: options.timeoutMs ?? 90_000,
        killSignal: 'SIGKILL',
      });
    } catch (err) {
      const e = err as Error & { stderr?: string; killed?: boolean };
      const why = e.killed ? `timed out after ${(options.timeoutMs ?? 90_000) / 1000} s` : (e.stderr?.trim().split('\n').pop() ?? e.message);
      throw new NbError(
        'NB_ERR_IO',
        `cannot fetch StandardFirmata: \`npm pack avrgirl-arduino@${AVRGIRL_ARDUINO_VERSION}\` failed (${why}). ` +
          `Check that this machine reaches the npm registry, or put the tarball at ${tarball}.`,
        { cause: err },
      );
    }
    if (!existsSync(tarball)) {
      throw new NbError('NB_ERR_IO', `npm pack did not leave ${tarball}; found: ${readdirSync(cacheDir).join(', ') || 'nothing'}`);
    }
  }

  const member = `package/junk/hex/${board}/StandardFirmata.cpp.hex`;
  const scratch = join(cacheDir, `extract-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  try {
    await run('tar', ['-xzf', tarball, '-C', scratch, member], { timeout: 30_000 });
    const extracted = join(scratch, member);
    // Validate before caching, so a bad download is never mistaken for firmware.
    parseIntelHex(readFileSync(extracted, 'latin1'), (options.catalogue ?? shippedCatalogue()).get(board).flashBytes, `${tarball}:${member}`);
    renameSync(extracted, target);
  } catch (err) {
    if (err instanceof NbError) throw err;
    throw new NbError('NB_ERR_IO', `cannot extract ${member} from ${tarball}: ${(err as Error).message}. Delete the tarball to fetch it again.`, { cause: err });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
}
