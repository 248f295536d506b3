// @ts-check
/**
 * npm prepare and prestart. `npm start` runs dist/ without compiling (compiling took 20-35 s every
 * time), and `npm install` or `npm pack` builds only what is missing or stale. So that a developer who
 * edited src/ never runs stale code by surprise, this compares each src/**\/*.ts with its compiled
 * dist/src/**\/*.js (a few milliseconds) and rebuilds only when a source is newer or its output is
 * missing. Plain JavaScript on purpose: it must run before anything is compiled, on every supported
 * Node, without tsx. `npm run dev` (tsx watch) is the way to skip building while editing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The first source newer than its output (or without one), or null when dist/ is up to date. */
export function firstStale(srcDir = src, outDir = join(root, 'dist', 'src')) {
  for (const entry of readdirSync(srcDir, { withFileTypes: true })) {
    const from = join(srcDir, entry.name);
    if (entry.isDirectory()) {
      const stale = firstStale(from, join(outDir, entry.name));
      if (stale) return stale;
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const out = join(outDir, entry.name.replace(/\.ts$/, '.js'));
      if (!existsSync(out) || statSync(out).mtimeMs < statSync(from).mtimeMs) return from;
    }
  }
  return null;
}

function main() {
  // An installed package has no src/: what was published is what runs.
  if (!existsSync(src)) return;
  const stale = firstStale();
  if (!stale) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error(`neuroboard: ${relative(root, stale)} is newer than dist/ and TypeScript is not installed: run npm install`);
    process.exit(1);
  }
  const built = existsSync(join(root, 'dist', 'src', 'cli', 'main.js'));
  console.error(
    built
      ? `neuroboard: ${relative(root, stale)} changed since the last build: rebuilding (npm run dev runs src/ without building)`
      : 'neuroboard: building dist/ from src/ (once; npm start rebuilds only after src/ changes)',
  );
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (run.status !== 0) {
    console.error('neuroboard: the build failed (errors above); dist/ was left as it was. Fix them, or run the last build with node dist/src/cli/main.js start');
    process.exit(run.status ?? 1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
