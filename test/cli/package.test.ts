/**
 * The package as npm users get it: `npm pack`, `npm install -g` of the tarball into a temporary prefix
 * (deps from the npm cache when there, else the registry), then the commands run from an unrelated
 * folder with a fresh HOME. The build is brought up to date first (scripts/ensure-built.mjs, a no-op
 * when dist/ is current) and the pack skips lifecycle scripts, so this costs an install, not a compile.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from './runCli.js';

/** A hang guard only: packing and installing take 20-60 s on a quiet 2-core machine, minutes on a loaded one. */
const INSTALL_TIMEOUT_MS = 600_000;

let work = '';
let bin = '';
let home = '';
let elsewhere = '';
let packed: { filename: string; files: { path: string }[]; size: number; unpackedSize: number } | undefined;
let installOutput = '';
const children: ReturnType<typeof spawn>[] = [];

function must(run: SpawnSyncReturns<string>, what: string): string {
  if (run.status !== 0) throw new Error(`${what} failed (${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  return run.stdout + run.stderr;
}

/** A user's environment: their own HOME, none of our variables, no npm_* from a surrounding npm run. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: home, NO_COLOR: '1' };
  return env;
}

function neuroboard(args: string[]) {
  return spawnSync(bin, args, { cwd: elsewhere, env: userEnv(), encoding: 'utf8', timeout: 120_000 });
}

beforeAll(() => {
  work = tempDir('nb-package-');
  home = join(work, 'home');
  elsewhere = join(work, 'somewhere-else');
  mkdirSync(home);
  mkdirSync(elsewhere);
  must(spawnSync(process.execPath, [join(REPO, 'scripts', 'ensure-built.mjs')], { cwd: REPO, encoding: 'utf8' }), 'building dist/');
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' });
  must(pack, 'npm pack');
  packed = (JSON.parse(pack.stdout) as NonNullable<typeof packed>[])[0];
  const prefix = join(work, 'prefix');
  // npm keeps this machine's settings and cache (the real HOME); only neuroboard runs with the new one.
  const npmEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const install = spawnSync('npm', ['install', '-g', '--prefix', prefix, join(work, packed!.filename), '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: work,
    env: npmEnv,
    encoding: 'utf8',
  });
  installOutput = must(install, 'npm install -g');
  bin = join(prefix, 'bin', 'neuroboard');
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm pack', () => {
  it('holds the built code, the dashboard, boards/, the firmware hex and PROTOCOL.md, and the docs', () => {
    const paths = packed!.files.map((f) => f.path);
    for (const wanted of [
      'package.json',
      'README.md',
      'dist/src/cli/main.js',
      'dashboard/console/index.html',
      'dashboard/exhibit/index.html',
      'dashboard/kit/core.js', // the pages' core, bundled at build time: esbuild itself is not shipped
      'boards/rigs/xor.json',
      'boards/profiles/uno.json',
      'firmware/hex/neuroboard-uno.hex',
      'firmware/PROTOCOL.md',
      'firmware/neuroboard/board_config.h',
      'docs/api.md',
    ]) {
      expect(paths).toContain(wanted);
    }
    // every hex a board profile names: the firmware, and the bootloader the emulator runs before it
    for (const name of readdirSync(join(REPO, 'boards', 'profiles'))) {
      const profile = JSON.parse(readFileSync(join(REPO, 'boards', 'profiles', name), 'utf8')) as { firmware: string; bootloader?: { hex: string } };
      expect(paths).toContain(profile.firmware);
      if (profile.bootloader) expect(paths).toContain(profile.bootloader.hex);
    }
    // the whole of the pages' home (the console, the visitor page, their kit), whatever files they grow
    for (const dir of ['dashboard']) {
      const files = readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files.length).toBeGreaterThan(0);
      expect(paths.filter((p) => p.startsWith(`${dir}/`))).toHaveLength(files.length);
    }
  });

  it('holds no tests, benchmarks, sources, scripts or source maps', () => {
    const unwanted = packed!.files.map((f) => f.path).filter((p) => /^(test|bench|src|scripts|dist\/(test|bench|scripts))\/|\.map$|\.test\.|^vitest|^tsconfig|^\.ci\//.test(p));
    expect(unwanted).toEqual([]);
  });
});

describe('installed globally from the tarball, run from another folder', { timeout: 120_000 }, () => {
  it('installs with no EBADENGINE warning on Node 22 and 24; on Node 20 only the two the clone overrides', () => {
    // npm applies `overrides` only in the project being installed, not to a package installed from a
    // tarball, so on Node 20 a global install still warns about these two (README, "Install").
    const warned = [...installOutput.matchAll(/package: '([^']+)'/g)].map((m) => m[1]!.replace(/@[^@]+$/, '')).sort();
    const major = Number(process.versions.node.split('.')[0]);
    if (major >= 22) expect(warned).toEqual([]);
    else for (const name of warned) expect(['content-disposition', 'cookie']).toContain(name);
  });

  it('neuroboard check passes the example rigs', () => {
    const run = neuroboard(['check']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ .*xor\.json: rig "xor"/);
  });

  it('neuroboard test runs a scenario kept in that folder against an example rig named in it', () => {
    const scenario = JSON.parse(readFileSync(join(REPO, 'boards', 'scenarios', 'xor-truth-table.json'), 'utf8')) as Record<string, unknown>;
    delete scenario['$schema'];
    writeFileSync(join(elsewhere, 'truth.json'), JSON.stringify({ ...scenario, rig: 'xor' }, null, 2));
    const run = neuroboard(['test', 'truth.json', '--fast']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });

  it('neuroboard demo learns XOR in the terminal (at full speed here: --pace 0)', () => {
    const run = neuroboard(['demo', '--seed', '3', '--pace', '0']);
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 XOR 1 = 0/);
  });

  it('neuroboard start serves the console, the visitor page and the pages\' core, says where it saves (the user data folder) and saves there, leaving the folder it ran in alone', async () => {
    const child = spawn(bin, ['start', '--fake', '--port', '0'], { cwd: elsewhere, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait for the banner's last line: stdout may hand over the dashboard line before the rest of it.
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m && out.includes('stop:')) resolve(m[1]!);
      });
      void exited.then((code) => reject(new Error(`exited (${code}) before serving:\n${out}`)));
    });
    const dataDir = join(home, '.local', 'share', 'neuroboard');
    expect(out).toContain(`saved in:  ${join(dataDir, 'xor.state.json')}`);
    expect((await fetch(`${url}api/health`)).ok).toBe(true);
    const page = await fetch(url);
    expect(page.ok).toBe(true);
    expect(await page.text()).toContain('<html');
    expect((await fetch(`${url}vendor/uplot/uPlot.esm.js`)).ok).toBe(true);
    expect((await fetch(`${url}exhibit`)).ok).toBe(true);
    // the pages' core is served from the package as built: nothing is bundled where it is installed
    const core = await fetch(`${url}kit/core.js`);
    expect(core.headers.get('content-type')).toMatch(/javascript/);
    expect(await core.text()).toContain('function createForwardRunner');
    expect(existsSync(join(bin, '..', '..', 'lib', 'node_modules', 'neuroboard', 'node_modules', 'esbuild'))).toBe(false);
    // A 2xx means on disk: a taught example lands in the user data folder at once.
    const taught = await fetch(`${url}api/corpus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [0.5, 0.5], targets: [1], label: 'from the package test' }),
    });
    expect(taught.status, await taught.text()).toBe(201);
    expect(readFileSync(join(dataDir, 'xor.state.json'), 'utf8')).toContain('from the package test');
    // (the save on SIGTERM is test/cli/start.test.ts's; here only that it ends)
    child.kill('SIGTERM');
    await exited;
    expect(readdirSync(elsewhere).filter((n) => n !== 'truth.json')).toEqual([]);
  });
});

describe('the serial binding npm installs', () => {
  it('ships prebuilt binaries for the Raspberry Pi (linux-arm64, and linux-arm for armv6/armv7), so nothing compiles there', () => {
    const installed = join(bin, '..', '..', 'lib', 'node_modules', 'neuroboard', 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds');
    const prebuilds = existsSync(installed) ? installed : join(REPO, 'node_modules', '@serialport', 'bindings-cpp', 'prebuilds');
    const files = (dir: string): string[] => readdirSync(join(prebuilds, dir));
    expect(files('linux-arm64')).toContain('@serialport+bindings-cpp.armv8.glibc.node');
    expect(files('linux-arm')).toEqual(expect.arrayContaining(['@serialport+bindings-cpp.armv6.glibc.node', '@serialport+bindings-cpp.armv7.glibc.node']));
    expect(files('linux-x64')).toContain('@serialport+bindings-cpp.glibc.node');
  });
});
