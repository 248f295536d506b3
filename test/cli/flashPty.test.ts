/**
 * `neuroboard flash` on a port with no modem lines (a pseudo-terminal, as `neuroboard tty` makes):
 * the reset pulse cannot be sent, and the user is told why and what to do, with a listed exit code
 * (69), not the system's "Inappropriate ioctl for device" and exit 70. Needs socat (vitest.config.ts
 * leaves this file out without it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './runCli.js';

let socat: ChildProcess | null = null;

afterEach(() => {
  socat?.kill();
  socat = null;
});

/** A pty pair from socat; resolves once the link the host opens exists. */
async function ptyPair(dir: string): Promise<string> {
  const host = join(dir, 'host');
  socat = spawn('socat', [`pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${join(dir, 'far')}`], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(host)) {
    if (Date.now() > deadline) throw new Error('socat made no pty pair within 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return host;
}

describe('neuroboard flash on a pseudo-terminal', () => {
  it('exits 69 saying the port has no DTR line to reset the board, and what to do', async () => {
    const port = await ptyPair(tempDir());
    const run = await runCli(['flash', '--board', 'uno', '--port', port, '--id', 'a0000001']);
    expect(run.code).toBe(69);
    expect(run.stderr).toContain(`${port} has no DTR line to reset the board into its bootloader`);
    expect(run.stderr).toMatch(/pseudo-terminal.*neuroboard ports lists them/s);
    expect(run.stderr).not.toMatch(/^\[Error/m);
  });
});
