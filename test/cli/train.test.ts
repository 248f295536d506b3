import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { lockDataFolder } from '../../src/hosts/node/dataLock.js';
import { SPAWN_TIMEOUT_MS, runCli, spawnCli, tempDir } from './runCli.js';

// Each test has its own data folder, so they run side by side.
describe.concurrent('neuroboard train', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('trains XOR by backprop with no boards, saves a state check accepts, and a second run resumes from it', async ({ expect }) => {
    const data = tempDir();
    const first = await runCli(['train', '--rig', 'boards/rigs/xor.json', '--data', data, '--method', 'backprop']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Starting from the rig's first guess");
    expect(first.stdout).toMatch(/loss [\d.e-]+, 4 of 4 examples right/);
    const stateFile = join(data, 'xor.state.json');
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { format: string; rig: string };
    expect(state).toMatchObject({ format: 'neuroboard.state', rig: 'xor' });

    const check = await runCli(['check', stateFile]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('saved state of rig "xor"');

    const second = await runCli(['train', '--rig', 'boards/rigs/xor.json', '--data', data, '--method', 'backprop', '--epochs', '5']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Resuming from ${stateFile}`);
    expect(second.stdout).toMatch(/4 of 4 examples right/); // it kept what the first run learned
  });

  it('starts again from the first guess with --fresh, and reads NEUROBOARD_DATA when --data is not given', async ({ expect }) => {
    const data = tempDir();
    await runCli(['train', '--data', data, '--method', 'backprop', '--epochs', '3']);
    const run = await runCli(['train', '--fresh', '--method', 'backprop', '--epochs', '2'], { env: { NEUROBOARD_DATA: data } });
    expect(run.stdout).toContain("Starting from the rig's first guess");
    expect(run.stdout).toContain(join(data, 'xor.state.json'));
  });

  it('stops on Ctrl-C (SIGINT), still saves what it learned, and exits 130', async ({ expect }) => {
    const data = tempDir();
    // A tiny learning rate and an unreachable target: it would train for minutes.
    const args = ['train', '--rig', 'boards/rigs/digits7.json', '--data', data, '--method', 'backprop', '--learning-rate', '0.0001', '--target-loss', '1e-12'];
    const cli = spawnCli(args);
    await cli.waitFor('backprop: step'); // the first progress line: training is under way
    cli.child.kill('SIGINT');
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(run.stdout).toMatch(/Stopped after \d+ epochs \(stopped\)/);
    const state = JSON.parse(readFileSync(join(data, 'digits7.state.json'), 'utf8')) as { rig: string };
    expect(state.rig).toBe('digits7');
  });

  it('refuses the perceptron on XOR\'s hidden layer with exit 64 and says what to use', async ({ expect }) => {
    const run = await runCli(['train', '--method', 'perceptron', '--data', tempDir()]);
    expect(run.code).toBe(64);
    expect(run.stderr).toContain('use trial-and-error or backprop');
  });

  it('refuses a data folder a running neuroboard holds with exit 69, naming the folder and its pid', async ({ expect }) => {
    const data = tempDir();
    const lock = await lockDataFolder(data); // this test process stands in for a running exhibit
    try {
      const run = await runCli(['train', '--data', data, '--method', 'backprop', '--epochs', '2']);
      expect(run.code).toBe(69);
      expect(run.stderr).toContain(`NB_ERR_DATA_LOCKED: the data folder ${data} is in use by another running neuroboard (pid ${process.pid}`);
      expect(existsSync(join(data, 'xor.state.json'))).toBe(false);
    } finally {
      await lock.release();
    }
  });

  it('refuses a rig file that does not exist with exit 74 (a file that cannot be read) and its path', async ({ expect }) => {
    const run = await runCli(['train', '--rig', 'boards/rigs/nope.json', '--data', tempDir()]);
    expect(run.code).toBe(74);
    expect(run.stderr).toContain('boards/rigs/nope.json: cannot read it (no such file)');
  });
});
