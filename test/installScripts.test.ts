/**
 * npm 11 ends every install with a list of dependencies whose install scripts the project has not
 * reviewed, and npm 12 will skip those scripts. package.json's `allowScripts` records our decision
 * for each one (README, "Choices worth knowing"), so `npm install` and `npm ci` print no such list.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/hosts/node/paths.js';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};

/** "node_modules/a/node_modules/@b/c" → "@b/c" */
function nameOf(lockPath: string): string {
  return lockPath.slice(lockPath.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

describe('install scripts of our dependencies (package.json allowScripts)', () => {
  it('every locked package with an install script has a decision in allowScripts, by name or name@version', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript === true)
      .map(([path, entry]) => ({ name: nameOf(path), version: entry.version }));
    expect(withScripts.map((p) => p.name).sort()).toEqual(['@serialport/bindings-cpp', 'esbuild']);
    const declared = pkg.allowScripts ?? {};
    const undecided = withScripts.filter((p) => typeof (declared[p.name] ?? declared[`${p.name}@${p.version}`]) !== 'boolean');
    expect(undecided).toEqual([]);
  });

  it('npm itself finds no install script left to review (npm approve-scripts --allow-scripts-pending)', () => {
    // As a user's shell runs it: none of the npm_* settings of an `npm test` around this run.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const run = spawnSync('npm', ['approve-scripts', '--allow-scripts-pending'], { cwd: PACKAGE_ROOT, env, encoding: 'utf8', timeout: 120_000 });
    const said = `${run.stdout}${run.stderr}`;
    if (/Unknown command/i.test(said)) {
      // npm before 11.16 has no allowScripts at all, and so prints no such list either.
      const version = spawnSync('npm', ['--version'], { env, encoding: 'utf8' }).stdout.trim();
      const [major, minor] = version.split('.').map(Number) as [number, number];
      expect(major < 11 || (major === 11 && minor < 16), `npm ${version} does not know approve-scripts:\n${said}`).toBe(true);
      return;
    }
    expect(run.status, said).toBe(0);
    expect(said).toContain('No packages with unreviewed install scripts');
  });
});
