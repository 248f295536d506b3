/**
 * Bundles the exhibit child (bench/soak/child.ts or its compiled .js) once with esbuild into
 * node_modules/.cache, so that a long soak keeps running the code it started with even when dist/
 * is rebuilt meanwhile, and each restart after a SIGKILL costs a Node start, not a compile.
 * Packages stay external: they resolve from the project's node_modules, as in the exhibit itself.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

export async function bundleChild(entry?: string): Promise<string> {
  const source = entry ?? [join(PACKAGE_ROOT, 'bench', 'soak', 'child.ts'), join(PACKAGE_ROOT, 'dist', 'bench', 'soak', 'child.js')].find((p) => existsSync(p))!;
  const dir = join(PACKAGE_ROOT, 'node_modules', '.cache', 'neuroboard-soak');
  await mkdir(dir, { recursive: true });
  const outfile = join(dir, `child-${process.pid}-${Date.now()}.mjs`);
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', outfile, packages: 'external', absWorkingDir: PACKAGE_ROOT, logLevel: 'error' });
  return outfile;
}
