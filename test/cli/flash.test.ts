import { describe, it } from 'vitest';
import { SPAWN_TIMEOUT_MS, emptyPath, runCli } from './runCli.js';

describe.concurrent('neuroboard flash', { timeout: SPAWN_TIMEOUT_MS }, () => {
  for (const [board, extra, expected] of [
    ['uno', [], '-p atmega328p -c arduino -P /dev/ttyACM0 -b 115200 -D -U flash:w:'],
    ['nano', [], '-p atmega328p -c arduino -P /dev/ttyACM0 -b 115200 -D -U flash:w:'],
    ['nano', ['--old-bootloader'], '-p atmega328p -c arduino -P /dev/ttyACM0 -b 57600 -D -U flash:w:'],
    ['mega', [], '-p atmega2560 -c wiring -P /dev/ttyACM0 -b 115200 -D -U flash:w:'],
  ] as const) {
    it(`--avrdude --dry-run prints the avrdude command for ${board} ${extra.join(' ')} and runs nothing`, async ({ expect }) => {
      const run = await runCli(['flash', '--board', board, '--port', '/dev/ttyACM0', ...extra, '--avrdude', '--dry-run']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`avrdude ${expected}`);
      expect(run.stdout).toMatch(new RegExp(`firmware/hex/neuroboard-${board}\\.hex:i\\n`));
    });
  }

  it('--dry-run with --id says it will set the id (given in capitals, written in lower case)', async ({ expect }) => {
    const run = await runCli(['flash', '--board', 'uno', '--port', '/dev/ttyACM0', '--id', 'A0000001', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('SETID a0000001');
  });

  it('--dry-run (no --avrdude) flashes through the bootloader: STK500v1 at 115200, or 57600 with --old-bootloader', async ({ expect }) => {
    const [uno, old] = await Promise.all([
      runCli(['flash', '--board', 'uno', '--port', '/dev/ttyACM0', '--dry-run']),
      runCli(['flash', '--board', 'nano', '--port', '/dev/ttyUSB0', '--old-bootloader', '--dry-run']),
    ]);
    expect(uno.code).toBe(0);
    expect(uno.stdout).toMatch(/neuroboard-uno\.hex to \/dev\/ttyACM0 through the uno's bootloader \(stk500v1 at 115200 baud\)/);
    expect(uno.stdout).not.toContain('avrdude');
    expect(old.code).toBe(0);
    expect(old.stdout).toContain("through the nano's bootloader (stk500v1 at 57600 baud)");
  });

  it('without --avrdude needs no avrdude: a missing port is the only complaint (exit 69, names the port)', async ({ expect }) => {
    const run = await runCli(['flash', '--board', 'uno', '--port', '/dev/ttyNB-missing'], { env: { PATH: emptyPath() } });
    expect(run.code).toBe(69);
    expect(run.stderr).toContain('cannot open /dev/ttyNB-missing');
    expect(run.stderr).not.toContain('avrdude is not installed');
  });

  it('--dry-run on the Mega flashes through its stk500v2 bootloader at 115200', async ({ expect }) => {
    const run = await runCli(['flash', '--board', 'mega', '--port', '/dev/ttyACM0', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("through the mega's bootloader (stk500v2 at 115200 baud)");
  });

  it('--avrdude exits 69 with the install command when avrdude is not on PATH', async ({ expect }) => {
    const run = await runCli(['flash', '--board', 'uno', '--port', '/dev/ttyACM0', '--avrdude'], { env: { PATH: emptyPath() } });
    expect(run.code).toBe(69);
    expect(run.stderr).toContain('avrdude is not installed');
    expect(run.stderr).toContain('sudo apt-get install avrdude');
    expect(run.stderr).toContain('Arduino IDE');
  });

  it('refuses an id that is not 8 hex digits (12345) and the all-ones id with exit 64', async ({ expect }) => {
    const ids = ['12345', 'ffffffff'];
    const runs = await Promise.all(ids.map((id) => runCli(['flash', '--board', 'uno', '--port', '/dev/ttyACM0', '--id', id, '--dry-run'])));
    runs.forEach((run, i) => {
      expect(run.code).toBe(64);
      expect(run.stderr).toContain(`"${ids[i]}" is not a board id`);
    });
  });

  it('refuses --old-bootloader on an Uno, an unknown board (due) and a missing --port with exit 64', async ({ expect }) => {
    const [old, due, noPort] = await Promise.all([
      runCli(['flash', '--board', 'uno', '--port', '/dev/ttyACM0', '--old-bootloader', '--dry-run']),
      runCli(['flash', '--board', 'due', '--port', '/dev/ttyACM0']),
      runCli(['flash', '--board', 'uno']),
    ]);
    expect(old.code).toBe(64);
    expect(old.stderr).toContain('--old-bootloader is only for Nano clones');
    expect(due.code).toBe(64);
    expect(due.stderr).toContain('Allowed choices are uno, nano, mega');
    expect(noPort.code).toBe(64);
    expect(noPort.stderr).toContain("required option '--port <path>' not specified");
  });
});
