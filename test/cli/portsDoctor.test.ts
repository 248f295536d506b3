import { describe, it } from 'vitest';
import { SPAWN_TIMEOUT_MS, emptyPath, runCli } from './runCli.js';

// An empty PATH is a container without udevadm (SerialPort.list fails), avrdude or Chromium.
describe.concurrent('neuroboard ports and doctor on a machine without udevadm', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('ports --no-probe --json prints the ports as JSON', async ({ expect }) => {
    const run = await runCli(['ports', '--no-probe', '--json'], { env: { PATH: emptyPath() } });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { ports: { path: string; likely: boolean; probe?: unknown }[] };
    expect(Array.isArray(report.ports)).toBe(true);
    for (const port of report.ports) {
      expect(typeof port.path).toBe('string');
      expect(port.probe).toBeUndefined();
    }
  });

  it('ports --no-probe says what to check when no board is plugged in', async ({ expect }) => {
    const run = await runCli(['ports', '--no-probe'], { env: { PATH: emptyPath() } });
    expect(run.code).toBe(0);
    if (!/likely a board/.test(run.stdout)) expect(run.stdout).toContain('USB cable that carries data');
  });

  it('doctor --json reports Node, serial permissions, avrdude and socat (missing: how to install), Chromium and boards', async ({ expect }) => {
    const run = await runCli(['doctor', '--json', '--no-probe'], { env: { PATH: emptyPath() } });
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      committedFirmware: string | null;
      checks: { check: string; verdict: string; message: string; fix?: string }[];
    };
    expect(run.code).toBe(report.ok ? 0 : 1);
    expect(report.committedFirmware).toMatch(/^\d+\.\d+\.\d+$/);
    const by = (name: string) => report.checks.find((c) => c.check === name);
    expect(by('node')).toMatchObject({ verdict: 'ok' });
    expect(by('serial-permissions')).toBeDefined();
    // avrdude is optional: flash needs only neuroboard, so its absence is no warning.
    expect(by('avrdude')).toMatchObject({ verdict: 'ok', message: expect.stringContaining('optional') });
    expect(by('avrdude')?.fix).toContain('sudo apt-get install avrdude');
    expect(by('chromium')?.verdict).not.toBe('fail');
    expect(by('socat')).toMatchObject({ verdict: 'warn', fix: expect.stringContaining('sudo apt-get install socat') });
    expect(by('boards')).toBeDefined();
  });

  it('doctor prints a ✓/!/✗ line per check', async ({ expect }) => {
    const run = await runCli(['doctor', '--no-probe']);
    expect(run.stdout).toMatch(/^✓ Node\.js \d+\.\d+\.\d+ \(needs >=20\.20\.2\)$/m);
    for (const line of run.stdout.split('\n').filter((l) => l && !l.startsWith(' ') && !l.startsWith('('))) {
      expect(line).toMatch(/^[✓!✗] /);
    }
  });
});
