/** `neuroboard start --kiosk`: the visitor page's address printed, and a browser opened on it full screen. */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskCommand, visitorUrl } from '../../src/cli/kiosk.js';

const MAIN = join(process.cwd(), 'dist/src/cli/main.js'); // built by test/globalSetup.ts
const children: ReturnType<typeof spawn>[] = [];
let out = '';
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

async function until<T>(what: string, check: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${out}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('start --kiosk', () => {
  it('the visitor page is /exhibit on the server; the browser gets kiosk flags and that address', () => {
    expect(visitorUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/exhibit');
    expect(kioskCommand('http://x/exhibit', {}, (p) => p === '/usr/bin/chromium')).toEqual({
      command: '/usr/bin/chromium',
      args: expect.arrayContaining(['--kiosk', 'http://x/exhibit']),
    });
    expect(kioskCommand('http://x/exhibit', { NEUROBOARD_BROWSER: '/opt/b' }, () => true)?.command).toBe('/opt/b');
    expect(kioskCommand('http://x/exhibit', {}, () => false)).toBeNull();
  });

  it('prints the visitor address and opens the browser on it, full screen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-kiosk-'));
    const browser = join(dir, 'browser.sh');
    await writeFile(browser, `#!/bin/sh\necho "$@" > ${join(dir, 'args')}\n`);
    await chmod(browser, 0o755);
    const child = spawn(process.execPath, [MAIN, 'start', '--fake', '--port', '0', '--data', dir, '--kiosk'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', NEUROBOARD_BROWSER: browser },
    });
    children.push(child);
    out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await until('the visitors line', async () => /visitors: +(http:\/\/127\.0\.0\.1:\d+\/exhibit)\n/.exec(out)?.[1] ?? null);
    const args = await until('the browser to be started', () => readFile(join(dir, 'args'), 'utf8').catch(() => null));
    expect(args.trim().split(' ')).toEqual(expect.arrayContaining(['--kiosk', url]));
    expect((await fetch(url)).status).toBe(200);
    child.kill('SIGTERM');
  }, 60_000);
});
