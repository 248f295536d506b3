import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { REPO, SPAWN_TIMEOUT_MS, runCli, tempDir } from './runCli.js';

const xorRig = readFileSync(join(REPO, 'boards', 'rigs', 'xor.json'), 'utf8');
let dir = '';
const file = (name: string): string => join(dir, name);

beforeAll(() => {
  dir = tempDir();
  // channel 9 on an Uno, which has channels 0-3
  writeFileSync(file('broken-rig.json'), xorRig.replace('"channel": 2, "layer": 1', '"channel": 9, "layer": 1'));
  writeFileSync(
    file('xor.network.json'),
    '{"format":"neuroboard.network","version":1,"sizes":[2,1],\n "layers":[{"activation":"sigmoid","threshold":0.5,"weights":[1,"x"],"biases":[0]}]}\n',
  );
  writeFileSync(file('truncated.network.json'), '{"format":"neuroboard.network","version":1,"sizes":[2,1');
  writeFileSync(file('bad-cell.csv'), 'in0,in1,out0,label\n0,0,0,none\n0,1,yes,one\n');
  writeFileSync(file('good.csv'), 'in0,in1,out0,label\n0,0,0,none\n0,1,1,one\n');
  writeFileSync(file('package.json'), '{"name":"not-ours"}\n');
  // A target of 5 for a sigmoid output: inline in a rig, and in a saved state.
  writeFileSync(file('five-rig.json'), xorRig.replace('"corpus": "xor"', '"corpus": [{ "inputs": [0, 0], "targets": [0] },\n  { "inputs": [1, 1], "targets": [5] }]'));
  writeFileSync(
    file('five.state.json'),
    JSON.stringify({
      format: 'neuroboard.state', version: 1, rig: 'xor', savedAt: '2026-01-01T00:00:00.000Z',
      network: { format: 'neuroboard.network', version: 1, sizes: [2, 1], layers: [{ activation: 'sigmoid', threshold: 0.5, weights: [1, 1], biases: [0] }] },
      corpus: { format: 'neuroboard.corpus', version: 1, inputSize: 2, outputSize: 1, examples: [{ inputs: [0, 0], targets: [0] }, { inputs: [1, 1], targets: [5] }] },
    }, null, 2),
  );
});

describe.concurrent('neuroboard check', { timeout: SPAWN_TIMEOUT_MS }, () => {
  it('passes every example rig under boards/rigs when given no files (exit 0)', async ({ expect }) => {
    const run = await runCli(['check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ .*xor\.json: rig "xor"/);
    expect(run.stdout).toMatch(/✓ .*digits7\.json: rig "digits7"/);
  });

  it('names the field and its line for a rig using a channel the Uno lacks (exit 78)', async ({ expect }) => {
    const run = await runCli(['check', file('broken-rig.json')]);
    expect(run.code).toBe(78);
    expect(run.stdout).toContain('✗');
    expect(run.stdout).toContain('/boards/2/channels/2/channel');
    expect(run.stdout).toMatch(/line 24, column \d+/); // the rig's "story" line moved the channel to line 24
  });

  it('names the weight and its line for a network file with a string weight (exit 65)', async ({ expect }) => {
    const run = await runCli(['check', file('xor.network.json')]);
    expect(run.code).toBe(65);
    expect(run.stdout).toContain('layers[0].weights[1] must be a finite number, got "x"');
    expect(run.stdout).toMatch(/at line 2, column \d+/);
  });

  it('says where a truncated network file breaks off (exit 65)', async ({ expect }) => {
    const run = await runCli(['check', file('truncated.network.json')]);
    expect(run.code).toBe(65);
    expect(run.stdout).toContain('not valid JSON at line 1, column 56');
  });

  it('names the line and column of a CSV corpus cell that is not a number (exit 65)', async ({ expect }) => {
    const run = await runCli(['check', file('bad-cell.csv')]);
    expect(run.code).toBe(65);
    expect(run.stdout).toContain('line 3, column 3 (out0): "yes" is not a finite number');
  });

  it('refuses a rig corpus target the output activation cannot reach, naming the field, its line and the range (exit 78)', async ({ expect }) => {
    const rig = await runCli(['check', file('five-rig.json')]);
    expect(rig.code, rig.stdout + rig.stderr).toBe(78);
    expect(rig.stdout).toContain('/corpus/1/targets/0: is 5, but the output layer (sigmoid) can only give 0 to 1');
    expect(rig.stdout).toMatch(/line 10, column \d+/);
  });

  it('refuses a saved state whose corpus target the network cannot reach, naming the field and range (exit 65)', async ({ expect }) => {
    const state = await runCli(['check', file('five.state.json')]);
    expect(state.code, state.stdout + state.stderr).toBe(65);
    expect(state.stdout).toContain('corpus.examples[1].targets[0] is 5, but the output layer (sigmoid) can only give 0 to 1');
  });

  it('checks them all and exits with the first failure\'s code when good and bad files are mixed', async ({ expect }) => {
    const run = await runCli(['check', file('good.csv'), file('bad-cell.csv'), file('broken-rig.json')]);
    expect(run.code).toBe(65);
    expect(run.stdout).toMatch(/✓ .*good\.csv: corpus of 2 examples/);
    expect(run.stdout.match(/✗/g)).toHaveLength(2);
  });

  it('says a missing file is missing (exit 74, a file that cannot be read) and a JSON file of another kind is not ours (exit 64)', async ({ expect }) => {
    const [missing, other] = await Promise.all([runCli(['check', file('nope.json')]), runCli(['check', file('package.json')])]);
    expect(missing.code).toBe(74);
    expect(missing.stdout).toContain('no such file');
    expect(other.code).toBe(64);
    expect(other.stdout).toContain('not a neuroboard file: "format" is missing');
  });

  it('passes a 3-3-1 rig with two hidden LEDs (exit 0) but warns that hidden node 2 is on no board, saying what to do', async ({ expect }) => {
    const run = await runCli(['check', join(REPO, 'test', 'fixtures', 'docs', 'rigs', 'two-hidden-leds.json')]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✓ .*two-hidden-leds\.json: rig "vote": network 3-3-1/);
    expect(run.stdout).toContain('  ! layer 1 (hidden): node 2 is on no board: the network computes it, but no LED shows it');
    expect(run.stdout).toContain('Add a channel for it to a board\'s "channels": { "channel": …, "layer": 1, "node": 2 }');
  });

  it('prints JSON with the field and position for scripts (--json)', async ({ expect }) => {
    const run = await runCli(['check', '--json', file('xor.network.json')]);
    expect(run.code).toBe(65);
    const report = JSON.parse(run.stdout) as { ok: boolean; files: { field?: string; line?: number; code?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.files[0]).toMatchObject({ field: 'layers[0].weights[1]', line: 2, code: 'NB_ERR_INVALID_NETWORK' });
  });
});
