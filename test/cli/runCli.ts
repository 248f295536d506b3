/** Runs the neuroboard CLI as a user would: a new node process, no stdin (unless asked), no colours. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built CLI (test/globalSetup.ts brings dist/ up to date before the tests run). */
export const CLI_MAIN = join(REPO, 'dist', 'src', 'cli', 'main.js');

/**
 * Each run takes about a second of CPU; on a busy 2-core CI machine a test running three of them
 * can take many times that. The limit is only there to catch a hang.
 */
export const SPAWN_TIMEOUT_MS = 90_000;

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/**
 * Starts the CLI and hands back the child too, with `waitFor(text)` resolving once stdout holds
 * `text` (so a test can act on what the program said, never after a fixed sleep).
 */
export function spawnCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number; stdin?: 'pipe' } = {},
): { child: ChildProcess; done: Promise<CliRun>; waitFor(text: string): Promise<void> } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, [CLI_MAIN, ...args], { cwd: REPO, env, stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
    for (const w of waiters.filter((w) => stdout.includes(w.text))) w.resolve();
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? SPAWN_TIMEOUT_MS);
  const done = new Promise<CliRun>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
  const waitFor = (text: string): Promise<void> =>
    stdout.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.push({ text, resolve });
          void done.then((run) => reject(new Error(`exited (${run.code}) before printing ${JSON.stringify(text)}:\n${run.stdout}${run.stderr}`)));
        });
  return { child, done, waitFor };
}

export function tempDir(prefix = 'nb-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A PATH holding nothing but an empty folder: no avrdude, no udevadm, no chromium. */
export function emptyPath(): string {
  return tempDir('nb-empty-path-');
}
