import { describe, it } from 'vitest';
import { SPAWN_TIMEOUT_MS, runCli } from './runCli.js';

describe.concurrent('every command has --help and exits 64 on a wrong command line', { timeout: SPAWN_TIMEOUT_MS }, () => {
  for (const [command, mentions] of [
    ['ports', '--no-probe'],
    ['flash', '--old-bootloader'],
    ['train', '--learning-rate'],
    ['check', 'files'],
    ['doctor', '--json'],
    ['tty', '--link'],
  ] as const) {
    it(`${command} --help prints its options and exits 0`, async ({ expect }) => {
      const run = await runCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: neuroboard ${command}`);
      expect(run.stdout).toContain(mentions);
    });
  }

  it('an unknown option (ports --bogus) exits 64 and names it', async ({ expect }) => {
    const run = await runCli(['ports', '--bogus']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain("unknown option '--bogus'");
  });

  it('a bad number (train --epochs ten) exits 64 and says why', async ({ expect }) => {
    const run = await runCli(['train', '--epochs', 'ten']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('"ten" is not a whole number');
  });

  it('a method that does not exist (train --method guess) exits 64 and lists the methods', async ({ expect }) => {
    const run = await runCli(['train', '--method', 'guess']);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('trial-and-error, backprop, perceptron');
  });
});
