/**
 * scripts/ensure-built.mjs (npm prestart): `npm start` runs the last build, and rebuilds first only
 * when a source under src/ is newer than its compiled file; the pages' core (dashboard/kit/core.js)
 * likewise, only when a source under src/core or src/pages is newer than it. Run in a throwaway copy
 * of the layout with a stand-in tsc and esbuild that record how they were called, so nothing real is
 * compiled.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = new Date('2026-01-02T00:00:00Z');

interface Run {
  status: number | null;
  stderr: string;
  tscArgs: string | null;
  /** What the stand-in esbuild was asked to build, when it was (only with `esbuild: true`). */
  bundled?: { entryPoints: string[]; outfile: string; bundle: boolean; format: string; platform: string } | null;
}

function layout(files: Record<string, Date>, tscExit = 0, { esbuild = false } = {}): { root: string; run: () => Run } {
  const root = mkdtempSync(join(tmpdir(), 'nb-ensure-built-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(PACKAGE_ROOT, 'scripts', 'ensure-built.mjs'), join(root, 'scripts', 'ensure-built.mjs'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  mkdirSync(dirname(tsc), { recursive: true });
  writeFileSync(tsc, `require('fs').writeFileSync(${JSON.stringify(join(root, 'tsc-args'))}, process.argv.slice(2).join(' ')); process.exit(${tscExit});\n`);
  if (esbuild) {
    const dir = join(root, 'node_modules', 'esbuild');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "name": "esbuild", "main": "index.js" }');
    writeFileSync(
      join(dir, 'index.js'),
      `exports.buildSync = (o) => { const fs = require('fs'); fs.mkdirSync(require('path').dirname(o.outfile), { recursive: true }); fs.writeFileSync(o.outfile, ''); fs.writeFileSync(${JSON.stringify(join(root, 'esbuild-args'))}, JSON.stringify(o)); };\n`,
    );
  }
  for (const [file, time] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), time, time);
  }
  const run = () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
    const args = join(root, 'tsc-args');
    const bundled = join(root, 'esbuild-args');
    return {
      status: r.status,
      stderr: r.stderr,
      tscArgs: existsSync(args) ? readFileSync(args, 'utf8') : null,
      ...(esbuild ? { bundled: existsSync(bundled) ? JSON.parse(readFileSync(bundled, 'utf8')) : null } : {}),
    };
  };
  return { root, run };
}

describe('npm start rebuilds only what is stale', () => {
  it('runs the last build as is when every output is newer than its source (.d.ts files have none)', () => {
    const { run } = layout({ 'src/cli/main.ts': OLD, 'src/core/net.ts': OLD, 'src/types/x.d.ts': NEW, 'dist/src/cli/main.js': NEW, 'dist/src/core/net.js': NEW });
    expect(run()).toEqual({ status: 0, stderr: '', tscArgs: null });
  });

  it('rebuilds with tsconfig.build.json, and says which file, when a source was edited after the build', () => {
    const { root, run } = layout({ 'src/cli/main.ts': OLD, 'src/core/net.ts': NEW, 'dist/src/cli/main.js': NEW, 'dist/src/core/net.js': OLD });
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('src/core/net.ts changed since the last build: rebuilding');
    expect(r.tscArgs).toBe(`-p ${join(root, 'tsconfig.build.json')}`);
  });

  it('builds once when nothing was built yet (npm install in a fresh clone runs it as prepare)', () => {
    const { run } = layout({ 'src/cli/main.ts': OLD });
    const r = run();
    expect(r.tscArgs).not.toBeNull();
    expect(r.stderr).toContain('building dist/ from src/ (once');
  });

  it('stops npm start with the compiler\'s exit code when the rebuild fails', () => {
    const { run } = layout({ 'src/cli/main.ts': NEW, 'dist/src/cli/main.js': OLD }, 2);
    const r = run();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the build failed');
  });

  it('does nothing in an installed package, which has no src/', () => {
    const { run } = layout({ 'dist/src/cli/main.js': OLD });
    expect(run()).toEqual({ status: 0, stderr: '', tscArgs: null });
  });
});

describe("the pages' core (dashboard/kit/core.js) is bundled only when stale", () => {
  const built = { 'dist/src/cli/main.js': NEW, 'dist/src/core/net.js': NEW, 'dist/src/pages/core.js': NEW };

  it('bundles it once when it is missing (npm install in a fresh clone): src/pages/core.ts, into one browser ES module', () => {
    const { root, run } = layout({ 'src/cli/main.ts': OLD, 'src/core/net.ts': OLD, 'src/pages/core.ts': OLD, ...built }, 0, { esbuild: true });
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("bundling the pages' core into dashboard/kit/core.js (once");
    expect(r.bundled).toMatchObject({ entryPoints: [join(root, 'src/pages/core.ts')], outfile: join(root, 'dashboard/kit/core.js'), bundle: true, format: 'esm', platform: 'browser' });
    expect(r.tscArgs).toBeNull();
  });

  it('leaves it alone when it is newer than every source under src/core and src/pages, even when another part of src/ changed', () => {
    const { run } = layout({ 'src/cli/main.ts': NEW, 'src/core/net.ts': OLD, 'src/pages/core.ts': OLD, 'dashboard/kit/core.js': NEW, 'dist/src/cli/main.js': OLD, 'dist/src/core/net.js': NEW, 'dist/src/pages/core.js': NEW }, 0, { esbuild: true });
    const r = run();
    expect(r.bundled).toBeNull();
    expect(r.tscArgs).not.toBeNull(); // src/cli changed: dist/ is rebuilt all the same
  });

  it('bundles it again, and says which file, when a core source was edited after it', () => {
    const { run } = layout({ 'src/core/train/net.ts': NEW, 'src/pages/core.ts': OLD, 'dashboard/kit/core.js': OLD, 'dist/src/core/train/net.js': NEW, 'dist/src/pages/core.js': NEW }, 0, { esbuild: true });
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("src/core/train/net.ts changed since the last build: bundling the pages' core again");
    expect(r.bundled).not.toBeNull();
  });

  it('stops, saying to run npm install, when the bundle is stale and esbuild is not installed', () => {
    const { run } = layout({ 'src/core/net.ts': NEW, 'src/pages/core.ts': OLD, 'dashboard/kit/core.js': OLD, ...built });
    const r = run();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('esbuild is not installed: run npm install');
  });
});
