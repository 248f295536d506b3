/**
 * The browser host's bundled boards (src/hosts/browser/bundledBoards.ts) are the package's: bundled by
 * esbuild as the site is, the catalogue holds every profile of boards/profiles/ as the Node host reads
 * them, and every hex file a profile names is in the bundle with the same text. A board added to the
 * package and not to the bundle fails here.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import type { BoardCatalogue } from '../../src/catalogue/boardCatalogue.js';
import type { HexFiles } from '../../src/sim/avr/flashImage.js';
import { PACKAGE_ROOT, PROFILES_DIR } from '../../src/hosts/node/paths.js';
import { catalogue as nodeCatalogue, packageHexFiles } from '../helpers/boards.js';

const dir = mkdtempSync(join(tmpdir(), 'nb-bundled-boards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundled(): Promise<{ bundledCatalogue(): BoardCatalogue; bundledHexFiles: HexFiles; BUNDLED_HEX: Record<string, string> }> {
  const result = await build({ entryPoints: [join(PACKAGE_ROOT, 'src/hosts/browser/bundledBoards.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
  const file = join(dir, 'bundledBoards.mjs');
  writeFileSync(file, result.outputFiles[0]!.text);
  return import(pathToFileURL(file).href);
}

describe('the browser host\'s bundled boards', () => {
  it('the catalogue has every profile of boards/profiles/, equal to what the Node host reads', async () => {
    const { bundledCatalogue } = await bundled();
    const files = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect([...bundledCatalogue().names].sort()).toEqual(files.sort());
    expect(bundledCatalogue().profiles).toEqual(nodeCatalogue.profiles);
  });

  it('every hex file a profile names is bundled with the package\'s text; a path not bundled says so and what to do', async () => {
    const { bundledHexFiles, BUNDLED_HEX } = await bundled();
    const named = new Set(nodeCatalogue.profiles.flatMap((p) => [p.firmware, ...(p.bootloader ? [p.bootloader.hex] : [])]));
    expect(new Set(Object.keys(BUNDLED_HEX))).toEqual(named);
    for (const path of named) expect(bundledHexFiles.read(path)).toBe(packageHexFiles.read(path));
    expect(() => bundledHexFiles.read('firmware/hex/other.hex')).toThrow(/not in this site's bundle.*rebuild the site/);
  });
});
