/**
 * `neuroboard start` and the staff token, as a user (or systemd) runs it: a known or short token is
 * refused with exit 78 before anything starts, saying how to make one; with none, off loopback,
 * one is made, printed with where it is kept, and the same one is used after a restart. The shipped
 * systemd unit sets no token, so it gets one of these and never a known one.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAKE_TOKEN_COMMAND } from '../../src/server/staffToken.js';
import { REPO, runCli, spawnCli, tempDir } from './runCli.js';

/** Starts on the LAN with fake boards, waits for the start lines, stops it; its output. */
async function startAndStop(data: string, env: Record<string, string | undefined> = {}, args: string[] = []): Promise<string> {
  const run = spawnCli(['start', '--fake', '--host', '0.0.0.0', '--port', '0', '--data', data, ...args], { env: { NEUROBOARD_TOKEN: undefined, ...env } });
  await run.waitFor('stop:');
  run.child.kill('SIGTERM');
  const done = await run.done;
  expect(done.code).toBe(0);
  return done.stdout;
}

describe('start: the staff token', () => {
  it('refuses a known or short token with exit 78 before starting, saying how to make one (bad input: change-me, 15 characters)', async () => {
    const data = tempDir();
    const known = await runCli(['start', '--fake', '--host', '0.0.0.0', '--port', '0', '--data', data], { env: { NEUROBOARD_TOKEN: 'change-me' } });
    expect(known.code).toBe(78);
    expect(known.stderr).toContain('NB_ERR_WEAK_TOKEN: the staff token (--token or NEUROBOARD_TOKEN) is "change-me", an example from the docs that anyone can look up.');
    expect(known.stderr).toContain(`Make one with: ${MAKE_TOKEN_COMMAND}, or leave it unset`);
    const short = await runCli(['start', '--fake', '--port', '0', '--data', data, '--token', 'fifteen-chars-x']);
    expect(short.code).toBe(78);
    expect(short.stderr).toContain('is 15 characters long; it needs at least 16');
    expect(known.stdout + short.stdout).not.toContain('dashboard:');
  }, 120_000);

  it('with none, off loopback: makes one, prints it and where it is kept, and keeps using it after a restart', async () => {
    const data = tempDir();
    const first = await startAndStop(data);
    const token = /token: +(\S+) +\(staff type it once in the console\)/.exec(first)?.[1];
    expect(token, first).toMatch(/^[\w-]{24}$/);
    expect(first).toContain(`made now and kept in ${join(data, 'staff-token')}; under systemd, journalctl -u neuroboard shows these lines`);
    expect(await readFile(join(data, 'staff-token'), 'utf8')).toBe(`${token}\n`);
    const second = await startAndStop(data);
    expect(second).toContain(`token:     ${token}`);
    expect(second).toContain(`kept in ${join(data, 'staff-token')}`);
  }, 120_000);

  it('the shipped systemd unit sets no token, limits open files to 4096, and says where the made token is found', async () => {
    const unit = await readFile(join(REPO, 'deploy', 'neuroboard.service'), 'utf8');
    const settings = unit.split('\n').filter((l) => !l.startsWith('#'));
    expect(settings.filter((l) => /NEUROBOARD_TOKEN/.test(l))).toEqual([]);
    expect(settings).toContain('LimitNOFILE=4096');
    expect(unit).toMatch(/# .*staff-token/);
    expect(unit).toContain('journalctl -u neuroboard');
    expect(unit).toContain('systemctl edit neuroboard');
    // Its environment, as systemd gives it (with a data folder of the test's own).
    const env: Record<string, string | undefined> = {};
    for (const line of settings) {
      const m = /^Environment=(\w+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    const out = await startAndStop(tempDir(), { ...env, NEUROBOARD_DATA: undefined });
    expect(out).toMatch(/token: +[\w-]{24} +\(staff type it once in the console\)/);
  }, 120_000);
});
