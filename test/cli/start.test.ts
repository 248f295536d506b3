/**
 * `neuroboard start` as a user runs it: a child process, no stdin. Faults tried: SIGTERM and SIGINT
 * while running (the network must be saved, and it says where), a bad --port, two board modes at
 * once, a port already in use, a data folder another start holds (and one a SIGKILLed start left),
 * a state file and its .prev both corrupt.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = join(process.cwd(), 'dist/src/cli/main.js'); // built by test/globalSetup.ts
/** Only there to catch a hang: on a loaded 2-core machine a start has taken over 20 s. */
const STARTUP_MS = 60_000;
const children: ReturnType<typeof spawn>[] = [];

// A failed assertion must not leave a server running behind the test.
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 20_000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const m = re.exec(out);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${re} in output:\n${out}`);
  };
  return { child, exited, waitFor, output: () => out };
}

describe('neuroboard start', () => {
  it('serves the dashboard and API for the XOR exhibit on fake boards, and saves on SIGTERM', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    const p = run(['start', '--fake', '--port', '0', '--data', data]);
    const [, url] = await p.waitFor(/dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/, STARTUP_MS);
    const health = (await (await fetch(`${url}api/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    await p.waitFor(/board a0000004 online/, STARTUP_MS);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(existsSync(join(data, 'xor.state.json'))).toBe(true);
    // It says where it saved, so whoever stopped it knows which file holds the exhibit.
    expect(p.output()).toContain(`saved the network and 4 examples to ${join(data, 'xor.state.json')}`);
  }, 3 * STARTUP_MS);

  it('says where it saved on Ctrl-C (SIGINT) too, and lets go of the data folder', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    const p = run(['start', '--fake', '--port', '0', '--data', data]);
    await p.waitFor(/dashboard: /, STARTUP_MS);
    expect(existsSync(join(data, 'neuroboard.lock'))).toBe(true);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain(`saved the network and 4 examples to ${join(data, 'xor.state.json')}`);
    expect(existsSync(join(data, 'neuroboard.lock'))).toBe(false);
  }, 3 * STARTUP_MS);

  it('refuses a second start on a data folder a running one holds (exit 69, naming the folder and its pid); once that one is SIGKILLed, its stale lock does not stop the next start', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    const first = run(['start', '--fake', '--port', '0', '--data', data]);
    await first.waitFor(/dashboard: /, STARTUP_MS);
    const second = run(['start', '--fake', '--port', '0', '--data', data]);
    expect(await second.exited).toBe(69);
    expect(second.output()).toContain(`NB_ERR_DATA_LOCKED: the data folder ${data} is in use by another running neuroboard (pid ${first.child.pid}`);
    expect(second.output()).not.toMatch(/dashboard: /);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(data, 'neuroboard.lock'))).toBe(true); // a SIGKILL cleans nothing up
    const third = run(['start', '--fake', '--port', '0', '--data', data]);
    await third.waitFor(/dashboard: /, STARTUP_MS);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 4 * STARTUP_MS);

  it('with the state file and its .prev both corrupt, exits 74 saying --fresh starts again and what that loses', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    await writeFile(join(data, 'xor.state.json'), '{"format": "neuroboard.state", "version": 1, "net');
    await writeFile(join(data, 'xor.state.json.prev'), 'not json');
    const p = run(['start', '--fake', '--port', '0', '--data', data]);
    expect(await p.exited).toBe(74);
    const out = p.output();
    expect(out).toContain(`${join(data, 'xor.state.json')} and its previous copy ${join(data, 'xor.state.json.prev')} are both unusable`);
    expect(out).toMatch(/run with --fresh: .*the trained network and every example taught since are lost/);
    // Nothing was started, so nothing holds the folder.
    expect(existsSync(join(data, 'neuroboard.lock'))).toBe(false);
  }, 3 * STARTUP_MS);

  it('takes the HTTP port from PORT when --port is not given', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    const p = run(['start', '--fake', '--data', data], { PORT: '0' });
    await p.waitFor(/dashboard: http:\/\/127\.0\.0\.1:(\d+)\//);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 40_000);

  it('off loopback, makes up a token and prints it', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    const p = run(['start', '--fake', '--data', data, '--host', '0.0.0.0', '--port', '0']);
    const [, token] = await p.waitFor(/token: +(\S+)/);
    expect(token!.length).toBeGreaterThanOrEqual(12);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 40_000);

  it('refuses a bad --port and two board modes at once with a usage exit code (bad input)', async () => {
    const bad = run(['start', '--port', 'eighty']);
    expect(await bad.exited).toBe(64);
    expect(bad.output()).toMatch(/--port must be a TCP port number 0-65535, got "eighty"/);
    const both = run(['start', '--sim', '--hardware']);
    expect(await both.exited).toBe(64);
    expect(both.output()).toMatch(/choose one of --sim, --fake, --hardware/);
  }, 40_000);

  it('says the port is in use and what to do (exit 69), and leaves the saved network alone (fault: a second start on a busy port)', async () => {
    const data = await mkdtemp(join(tmpdir(), 'nb-start-'));
    const first = run(['start', '--fake', '--port', '0', '--data', data]);
    const [, port] = await first.waitFor(/dashboard: http:\/\/127\.0\.0\.1:(\d+)\//);
    await first.waitFor(/board a0000004 online/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const saved = await stat(join(data, 'xor.state.json'));
    // Someone else holds the port now.
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(Number(port), '127.0.0.1', resolve));
    try {
      const second = run(['start', '--fake', '--port', port!, '--data', data]);
      expect(await second.exited).toBe(69);
      expect(second.output()).toMatch(new RegExp(`NB_ERR_LISTEN: 127\\.0\\.0\\.1:${port} is in use: .*--port 9000`));
      expect(second.output()).not.toMatch(/at Server\.setupListenHandle/);
      expect((await stat(join(data, 'xor.state.json'))).mtimeMs).toBe(saved.mtimeMs);
    } finally {
      squatter.close();
    }
  }, 40_000);
});
