/** The scenario language's story parts: the `story` step and condition, and `led` on "any" channel. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadScenario } from '../../src/scenario/load.js';
import { prettyReport } from '../../src/scenario/report/pretty.js';
import { runScenario } from '../../src/scenario/runner.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());

describe('story steps and conditions', () => {
  it('a story step or condition on a rig with no story is refused before anything runs, naming the step', async () => {
    const rig = readFileSync(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8').replace('  "story": "xor",\n', '');
    files.write(rig, 'plain-rig.json');
    const path = files.write({ version: 1, rig: 'plain-rig.json', steps: [{ story: 'play' }, { wait: { until: { story: { act: 'one-neuron' } } } }] });
    const err = await loadScenario(path).catch((e: unknown) => e);
    expect(isNbError(err, 'NB_ERR_INVALID_SCENARIO')).toBe(true);
    expect((err as Error).message).toMatch(/step 1 \(steps\[0\]\.story\): rig "xor" has no story to play/);
    expect((err as Error).message).toMatch(/step 2 \(steps\[1\]\.wait\.until\.story\): rig "xor" has no story/);
  });

  it('refuses a story step that is neither play nor stop, and an unknown scene kind', async () => {
    const err = await loadScenario(files.write(xor([{ story: 'pause' }, { wait: { until: { story: { scene: 'dance' } } } }]))).catch((e: unknown) => e);
    expect(isNbError(err, 'NB_ERR_INVALID_SCENARIO')).toBe(true);
    expect((err as Error).message).toMatch(/step 1 .*"play", "stop"/);
    expect((err as Error).message).toMatch(/step 2 .*"learn", "show", "hold", "invite"/);
  });

  it('plays and stops the story, waits on where it is, and checks "any" channel of a board (fake boards)', async () => {
    const path = files.write(
      xor([
        { 'set-inputs': [1, 0] },
        { name: 'input A lit: "any" channel holds when one does', expect: { led: { board: 'a0000001', channel: 'any', level: 'fired' } } },
        { story: 'play' },
        { wait: { until: { story: { playing: true, act: 'one-neuron', scene: 'learn', sceneIndex: 0 } }, timeoutMs: 1000 } },
        { wait: { until: { story: { act: 'one-neuron', scene: 'show' } }, timeoutMs: 20000 } },
        { name: 'one neuron: no hidden LED lit', expect: { led: { board: 'a0000003', channel: 'any', level: 'fired' } } },
      ]),
    );
    const result = await runScenario(await loadScenario(path), { fast: true });
    // The last step must fail: in act 1 every hidden LED is dark. It says what each channel showed.
    expect(result.steps.slice(0, -1).every((s) => s.status === 'passed'), prettyReport([result])).toBe(true);
    const last = result.steps.at(-1)!;
    expect(last.status).toBe('failed');
    expect(last.expected).toMatch(/board a0000003 \(hidden layer\) any channel: fired/);
    expect(last.seen).toMatch(/channel 0: 0 on the pin; channel 1: 0 on the pin; channel 2: 0 on the pin/);

    const stop = files.write(xor([{ story: 'play' }, { story: 'stop' }, { expect: { story: { playing: false } } }]));
    const stopped = await runScenario(await loadScenario(stop), { fast: true });
    expect(stopped.passed, prettyReport([stopped])).toBe(true);
  });
});
