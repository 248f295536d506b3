/**
 * The soak's stop waits for its exhibit child to end. A stop that came between a SIGKILL and the
 * restart found the killed child, whose exitCode is null (it ended by a signal): waiting for its
 * 'exit', which had fired already, hung the short soak until its 90 s timeout in CI.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exitOf, hasExited } from '../../bench/soak/childExit.js';

describe('exitOf', () => {
  it('resolves at once for a child already ended by SIGKILL (exitCode null, signalCode SIGKILL)', async () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const ended = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await ended;
    expect(child.exitCode).toBeNull();
    expect(hasExited(child)).toBe(true);
    const settled = await Promise.race([exitOf(child).then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 2000))]);
    expect(settled).toBe('ended');
  });

  it('waits for a child still running, and resolves when it exits', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], { stdio: 'ignore' });
    expect(hasExited(child)).toBe(false);
    await exitOf(child);
    expect(child.exitCode).toBe(0);
  });
});
