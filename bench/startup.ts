/**
 * Startup benchmark, as a user lives it (issue 14's targets):
 * 1. `npm start` in this checkout until `/api/health` answers (target < 5 s), three times. `npm run
 *    bench` builds first (prebench), so this is the everyday start: no compile.
 * 2. A new user: `git clone` of a local bare copy of this commit, `npm install`, `npm start`, until the
 *    dashboard page answers (target < 60 s). npm install uses the npm cache like any second install
 *    on a machine, and fetches what is missing from the registry.
 * Each `npm start` gets its own free port and a throwaway --data folder, and is stopped with SIGINT.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/hosts/node/paths.js';

const HEALTH_TARGET_S = 5;
const CLONE_TARGET_S = 60;
const RUNS = 3;
/** Only there to end a run that hangs: a stuck start fails the bench instead of waiting forever. */
const GIVE_UP_MS = 180_000;

/** The environment of a user's shell: no npm_* variables from the `npm run bench` around us. */
function userEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'INIT_CWD'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a command to completion, failing with its output; returns the seconds it took. */
function timed(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env: userEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}) in ${cwd}:\n${run.stdout}${run.stderr}`);
  return (performance.now() - started) / 1000;
}

/**
 * `npm start` in `cwd` until `path` answers 200; returns the seconds from spawning npm. npm and the
 * server get their own process group so that stopping them stops both.
 */
async function startUntil(cwd: string, path: string): Promise<{ seconds: number; output: string }> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'nb-bench-data-'));
  const started = performance.now();
  const child = spawn('npm', ['start', '--', '--port', String(port), '--data', data], { cwd, env: userEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  try {
    for (;;) {
      if (exitedEarly) throw new Error(`npm start exited before ${path} answered:\n${output}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`npm start: no answer on ${path} after ${GIVE_UP_MS / 1000} s:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}${path}`).then((r) => r.ok, () => false);
      if (ok) return { seconds: (performance.now() - started) / 1000, output };
      await new Promise((r) => setTimeout(r, 25)); // polling the port: the answer is the condition waited on
    }
  } finally {
    if (!exitedEarly) process.kill(-child.pid!, 'SIGINT');
    await exited;
    rmSync(data, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const s = (x: number): string => `${x.toFixed(1)} s`;

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  // Both figures are wall time on a shared machine: the load says how much of it was waiting.
  const load = (): string => loadavg()[0]!.toFixed(1);
  const results: Record<string, unknown> = { loadAverageAtStart: Number(load()) };

  const starts: number[] = [];
  for (let i = 0; i < RUNS; i++) starts.push((await startUntil(PACKAGE_ROOT, '/api/health')).seconds);
  results['npmStartToHealthS'] = starts.map((x) => Number(x.toFixed(2)));
  log(`npm start → /api/health: ${starts.map(s).join(', ')} (median ${s(median(starts))}; target < ${HEALTH_TARGET_S} s; load average ${load()})`);

  const git = (args: string[]): string => spawnSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' }).stdout.trim();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD']);
  if (git(['status', '--porcelain', '--untracked-files=no'])) log(`(uncommitted changes are not in the clone: it measures ${commit})`);
  const work = mkdtempSync(join(tmpdir(), 'nb-bench-clone-'));
  try {
    const bare = join(work, 'neuroboard.git');
    timed('git', ['clone', '--quiet', '--bare', ...(branch !== 'HEAD' ? ['--branch', branch] : []), PACKAGE_ROOT, bare], work);
    const clone = timed('git', ['clone', '--quiet', bare, 'neuroboard'], work);
    const dir = join(work, 'neuroboard');
    const install = timed('npm', ['install', '--no-audit', '--no-fund'], dir);
    const start = (await startUntil(dir, '/')).seconds;
    const total = clone + install + start;
    Object.assign(results, { commit, cloneS: round(clone), npmInstallS: round(install), firstStartToDashboardS: round(start), cloneToDashboardS: round(total) });
    log(`git clone → npm install → npm start → dashboard (${commit}): ${s(clone)} + ${s(install)} + ${s(start)} = ${s(total)} (target < ${CLONE_TARGET_S} s; load average ${load()})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return results;
}

const round = (x: number): number => Number(x.toFixed(2));
