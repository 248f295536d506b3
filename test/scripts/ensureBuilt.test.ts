/**
 * scripts/ensure-built.mjs (npm prestart): `npm start` runs the last build, and rebuilds first only
 * when a source under src/ is newer than its compiled file. Run in a throwaway copy of the layout with
 * a stand-in tsc that records how it was called, so no real compile is needed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = new Date('2026-01-02T00:00:00Z');

function layout(files: Record<string, Date>, tscExit = 0): { root: string; run: () => { status: number | null; stderr: string; tscArgs: string | null } } {
  const root = mkdtempSync(join(tmpdir(), 'nb-ensure-built-'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(PACKAGE_ROOT, 'scripts', 'ensure-built.mjs'), join(root, 'scripts', 'ensure-built.mjs'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  mkdirSync(dirname(tsc), { recursive: true });
  writeFileSync(tsc, `require('fs').writeFileSync(${JSON.stringify(join(root, 'tsc-args'))}, process.argv.slice(2).join(' ')); process.exit(${tscExit});\n`);
  for (const [file, time] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), time, time);
  }
  const run = () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
    const args = join(root, 'tsc-args');
    return { status: r.status, stderr: r.stderr, tscArgs: existsSync(args) ? readFileSync(args, 'utf8') : null };
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
