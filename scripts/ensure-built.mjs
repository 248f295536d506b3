// @ts-check
/**
 * npm prepare and prestart. `npm start` runs dist/ without compiling (compiling took 20-35 s every
 * time), and `npm install` or `npm pack` builds only what is missing or stale. So that a developer who
 * edited src/ never runs stale code by surprise, this compares each src/**\/*.ts with its compiled
 * dist/src/**\/*.js (a few milliseconds) and rebuilds only when a source is newer or its output is
 * missing. The pages' share of the core (src/pages/core.ts and the src/core files it imports) is
 * bundled by esbuild into dashboard/kit/core.js by the same rule: rebuilt only when a source under
 * src/core or src/pages is newer than the bundle. Plain JavaScript on purpose: it must run before
 * anything is compiled, on every supported Node, without tsx. `npm run dev` (scripts/dev.mjs) runs
 * src/ without building dist/, and bundles the pages' core when it is stale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** The pages' share of the core: the entry, the bundle the pages import, and the folders its sources are in. */
export const PAGE_CORE = {
  entry: join(src, 'pages', 'core.ts'),
  out: join(root, 'dashboard', 'kit', 'core.js'),
  sources: [join(src, 'core'), join(src, 'pages')],
};

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

/** The first .ts file under `dirs` changed after `mtimeMs`, or null. */
function firstNewer(dirs, mtimeMs) {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const from = join(dir, entry.name);
      if (entry.isDirectory()) {
        const newer = firstNewer([from], mtimeMs);
        if (newer) return newer;
      } else if (entry.name.endsWith('.ts') && statSync(from).mtimeMs > mtimeMs) return from;
    }
  }
  return null;
}

/**
 * Bundles the pages' core when it is missing or a source is newer than it; says which. Returns false
 * (having said why) when it could not. Nothing to do without the entry (an installed package).
 */
export function bundlePageCore() {
  if (!existsSync(PAGE_CORE.entry)) return true;
  const built = existsSync(PAGE_CORE.out);
  const stale = built ? firstNewer(PAGE_CORE.sources, statSync(PAGE_CORE.out).mtimeMs) : PAGE_CORE.entry;
  if (!stale) return true;
  let esbuild;
  try {
    esbuild = createRequire(join(root, 'package.json'))('esbuild');
  } catch {
    console.error(`neuroboard: ${relative(root, stale)} is newer than ${relative(root, PAGE_CORE.out)} and esbuild is not installed: run npm install`);
    return false;
  }
  console.error(
    built
      ? `neuroboard: ${relative(root, stale)} changed since the last build: bundling the pages' core again (${relative(root, PAGE_CORE.out)})`
      : `neuroboard: bundling the pages' core into ${relative(root, PAGE_CORE.out)} (once; again only after src/core or src/pages changes)`,
  );
  try {
    esbuild.buildSync({
      entryPoints: [PAGE_CORE.entry],
      outfile: PAGE_CORE.out,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // Readable in the browser's developer tools: a few kilobytes either way.
      minify: false,
      logLevel: 'error',
      banner: {
        js: `/* neuroboard's own core for the pages, bundled by esbuild from src/pages/core.ts (scripts/ensure-built.mjs).\n   Built, not written: edit src/core or src/pages; npm start, npm install and npm run dev bundle it again. */`,
      },
    });
  } catch {
    console.error(`neuroboard: bundling the pages' core failed (errors above); ${relative(root, PAGE_CORE.out)} was left as it was`);
    return false;
  }
  return true;
}

function main() {
  // An installed package has no src/: what was published is what runs.
  if (!existsSync(src)) return;
  if (!bundlePageCore()) process.exit(1);
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
