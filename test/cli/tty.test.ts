/**
 * `neuroboard tty`: the firmware in the emulator on a real tty, opened here with the native
 * serialport binding as any program would. Bad input tried: socat missing, the path already taken.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../transports/waitFor.js';
import { emptyPath, runCli, spawnCli, tempDir } from './runCli.js';

const dir = tempDir('nb-tty-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('neuroboard tty', () => {
  it('serves the firmware on a tty: WHO, an LED level shown in the terminal, a typed button press, Ctrl-C removes the tty', async () => {
    const link = join(dir, 'board');
    const run = spawnCli(['tty', '--id', 'b0000007', '--link', link], { stdin: 'pipe' });
    await run.waitFor('open it at 115200 baud');
    const port = new SerialPort({ path: link, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    let received = '';
    port.on('data', (d: Buffer) => (received += d.toString('latin1')));
    port.write('\nWHO\nLED 0 200\n');
    await waitFor(() => received.includes('OK LED'), { timeoutMs: 5000, what: `replies (${JSON.stringify(received)})` });
    expect(received).toMatch(/^HELLO 1 \d+\.\d+\.\d+ uno b0000007 \d+ 4$/m);
    await run.waitFor('LEDs  0:200');
    run.child.stdin!.write('0\n');
    await waitFor(() => /BTN 0 1 \d+\nBTN 0 0 \d+\n/.test(received), { timeoutMs: 5000, what: `BTN lines (${JSON.stringify(received)})` });
    await new Promise<void>((resolve) => port.close(() => resolve()));
    run.child.kill('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('button 0 pressed');
    expect(existsSync(link)).toBe(false);
  }, 60_000);

  it('without socat: exit 69 and how to install it', async () => {
    const run = await runCli(['tty', '--link', join(dir, 'nosocat')], { env: { PATH: emptyPath() } });
    expect(run.code).toBe(69);
    expect(run.stderr).toMatch(/NB_ERR_TOOL_MISSING: socat is needed .*apt-get install socat/);
  });

  it('a path that already exists is refused (exit 64), and left alone', async () => {
    const taken = join(dir, 'taken');
    writeFileSync(taken, 'mine');
    const run = await runCli(['tty', '--link', taken]);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/already exists; pick another path/);
    expect(existsSync(taken)).toBe(true);
  });
});
