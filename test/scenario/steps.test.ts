/**
 * Every step kind passes when it should and fails, with what was expected and what was seen, when
 * it should not. On the fake boards (--fast) to stay quick; the examples test runs the emulator.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario, type ScenarioResult, type StepResult } from '../../src/scenario/runner.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());

async function run(steps: unknown[], extra: Record<string, unknown> = {}): Promise<ScenarioResult> {
  return runScenario(await loadScenario(files.write(xor(steps, extra))), { fast: true });
}

/** The result of the (only) step that is not the setup and not skipped, failing or last. */
function decisive(result: ScenarioResult): StepResult {
  const steps = result.steps.filter((s) => s.index >= 0);
  return steps.find((s) => s.status === 'failed') ?? steps[steps.length - 1]!;
}

describe('steps that hold', () => {
  it('click, press/release, hold toggle a latched input and the answer LED follows', async () => {
    const result = await run([
      { click: { board: 'a0000001' } },
      { expect: { inputs: [1, 0] } },
      { expect: { led: { board: 'a0000004', level: 'fired' } } },
      { press: { board: 'a0000002', channel: 0 } },
      { release: { board: 'a0000002' } },
      { expect: { inputs: [1, 1] } },
      { hold: { board: 'a0000002', ms: 300 } },
      { expect: { inputs: [1, 0] } },
      { expect: { led: { board: 'a0000004', level: { min: 129, max: 255 } } } },
    ]);
    expect(result.steps.map((s) => s.status)).toEqual(Array(10).fill('passed'));
    expect(result.passed).toBe(true);
  });

  it('set-inputs, expect output (given inputs and shown), LED as-sent and an exact level, training status', async () => {
    const result = await run([
      { 'set-inputs': [0, 1] },
      { expect: { output: { fired: [true], values: [{ min: 0.5 }] } } },
      { expect: { output: { inputs: [1, 1], fired: [false] } } },
      { expect: { led: { board: 'a0000003', channel: 1, level: 'as-sent' } } },
      { expect: { led: { board: 'a0000002', level: 255, measure: 'sent' } } },
      { expect: { training: { running: false, fits: true, lossBelow: 0.01 } } },
    ]);
    expect(result.passed).toBe(true);
  });

  it('wait for a time, and wait until a condition (which ends as soon as it holds)', async () => {
    const result = await run([
      { wait: { ms: 500 } },
      { click: { board: 'a0000001' } },
      { wait: { until: { led: { board: 'a0000004', level: 'fired' } }, timeoutMs: 20_000 } },
    ]);
    expect(result.passed).toBe(true);
    expect(result.steps[1]!.scenarioMs).toBeGreaterThanOrEqual(500);
    // The cascade takes 2 × 300 ms to reach the answer: far less than the 20 s allowed.
    expect(result.steps[3]!.scenarioMs).toBeLessThan(5000);
  });

  it('unplug → offline, replug → online; train until a loss; stop-training; teach a duplicate', async () => {
    const result = await run(
      [
        { unplug: { board: 'a0000004' } },
        { expect: { offline: { board: 'a0000004' } } },
        { replug: { board: 'a0000004' } },
        { wait: { until: { online: { board: 'a0000004' } } } },
        { train: { method: 'backprop', untilLoss: 0.02 } },
        { train: { method: 'trial-and-error', forMs: 200 } },
        { 'stop-training': {} },
        { teach: { inputs: [1, 1], targets: [0], outcome: 'duplicate' } },
      ],
      { start: 'untrained' },
    );
    expect(result.steps.map((s) => `${s.kind}:${s.status}`)).toEqual([
      'setup:passed', 'unplug:passed', 'expect:passed', 'replug:passed', 'wait:passed', 'train:passed', 'train:passed', 'stop-training:passed', 'teach:passed',
    ]);
    expect(result.steps[5]!.seen).toMatch(/backprop ended \(target-reached\)/);
  });

  it('raw PING gets its PONG (regex) and a refused line its exact ERR', async () => {
    const result = await run([
      { raw: { board: 'a0000002', send: 'PING 7', match: '^PONG 7 \\d+$' } },
      { raw: { board: 'a0000002', send: 'FIRE 0 0', reply: 'ERR RANGE' } },
    ]);
    expect(result.passed).toBe(true);
    expect(result.steps[1]!.seen).toMatch(/^"PONG 7 \d+"$/);
  });
});

describe('steps that must fail, saying what was expected and seen', () => {
  it('a run past its wall-time limit fails the step it is on, skips the rest and still reports', async () => {
    const result = await runScenario(await loadScenario(files.write(xor([{ wait: { ms: 60_000 } }, { click: { board: 'a0000001' } }]))), {
      fast: true,
      wallLimitMs: 300,
    });
    expect(result.passed).toBe(false);
    const failed = result.steps.find((s) => s.status === 'failed')!;
    expect(failed.message).toMatch(/gave up after 0.3 s of wall time/);
    expect(result.steps.at(-1)!.status).toBe('skipped');
  });

  it('an LED expected lit while the inputs are [0, 0] (wrong level) fails; later steps are skipped', async () => {
    const result = await run([
      { expect: { led: { board: 'a0000004', level: { min: 200 } } } },
      { click: { board: 'a0000001' } },
    ]);
    expect(result.passed).toBe(false);
    const failed = result.steps[1]!;
    expect(failed).toMatchObject({ status: 'failed', expected: 'board a0000004 (answer) channel 0: level ≥ 200' });
    expect(failed.message).toMatch(/^judged once the boards had settled \(\d+ ms after the step began\)/);
    expect(failed.seen).toMatch(/^\d+ on the pin$/);
    expect(result.steps[2]!.status).toBe('skipped');
  });

  it('"fired" expected on a dark answer fails with the threshold level', async () => {
    const step = decisive(await run([{ expect: { led: { board: 'a0000004', level: 'fired' } } }]));
    expect(step.status).toBe('failed');
    expect(step.expected).toMatch(/fired \(level ≥ 55\)/);
  });

  it('the network output for [1, 1] expected to fire (XOR says no) fails with the value seen', async () => {
    const step = decisive(await run([{ expect: { output: { inputs: [1, 1], fired: [true] } } }]));
    expect(step).toMatchObject({ status: 'failed', expected: 'output for inputs [1, 1]: fired [true]' });
    expect(step.seen).toMatch(/fired \[false\]/);
  });

  it('inputs [1, 1] expected after one click fails', async () => {
    const step = decisive(await run([{ click: { board: 'a0000001' } }, { expect: { inputs: [1, 1] } }]));
    expect(step).toMatchObject({ status: 'failed', expected: 'inputs [1, 1]', seen: 'inputs [1, 0]' });
  });

  it('a board expected online while unplugged fails, and a wait-until that never holds times out', async () => {
    const online = decisive(
      await run([{ unplug: { board: 'a0000003' } }, { expect: { offline: { board: 'a0000003' } } }, { expect: { online: { board: 'a0000003' } } }]),
    );
    expect(online).toMatchObject({ status: 'failed', expected: 'board a0000003 (hidden layer) online' });
    expect(online.seen).toMatch(/offline|connecting/);
    const wait = decisive(await run([{ wait: { until: { inputs: [1, 1] }, timeoutMs: 300 } }]));
    expect(wait).toMatchObject({ status: 'failed', message: 'did not hold within 300 ms', seen: 'inputs [0, 0]' });
    const eventually = decisive(await run([{ eventually: { inputs: [1, 1], withinMs: 300 } }]));
    expect(eventually).toMatchObject({ status: 'failed', message: 'did not hold at any moment within 300 ms', seen: 'inputs [0, 0]' });
  });

  it('boards that never settle (a raw LED the host did not send) fail the expect, saying what is still moving', async () => {
    const step = decisive(await run([{ raw: { board: 'a0000001', send: 'LED 0 200', reply: 'OK LED' } }, { expect: { inputs: [0, 0] } }], { defaults: { timeoutMs: 500 } }));
    expect(step).toMatchObject({ status: 'failed' });
    expect(step.message).toMatch(/^the boards did not settle within 500 ms \(board a0000001 channel 0: the pin shows 200, the host sent 0\)/);
  });

  it('a raw reply that does not match ("PONG 8" expected for PING 7) fails with the line seen', async () => {
    const step = decisive(await run([{ raw: { board: 'a0000001', send: 'PING 7', match: '^PONG 8 ' } }]));
    expect(step).toMatchObject({ status: 'failed', expected: 'reply /^PONG 8 /' });
    expect(step.seen).toMatch(/^"PONG 7 \d+"$/);
  });

  it('a raw line to an unplugged board fails with the board offline, not a crash', async () => {
    const step = decisive(await run([{ unplug: { board: 'a0000001' } }, { expect: { offline: { board: 'a0000001' } } }, { raw: { board: 'a0000001', send: 'PING 1' } }]));
    expect(step.status).toBe('failed');
    expect(step.message).toMatch(/board a0000001 is (offline|connecting)/);
  });

  it('training that cannot reach loss 1e-9 in 3 epochs fails with the loss seen', async () => {
    const step = decisive(await run([{ train: { method: 'backprop', epochs: 3, untilLoss: 1e-9 } }], { start: 'untrained' }));
    expect(step).toMatchObject({ status: 'failed', expected: 'loss < 1e-9' });
    expect(step.seen).toMatch(/backprop ended .* at loss/);
  });

  it('teaching a new answer for [1, 1] while expecting "duplicate" fails with what happened', async () => {
    const step = decisive(await run([{ teach: { inputs: [1, 1], targets: [1], outcome: 'duplicate' } }]));
    expect(step).toMatchObject({ status: 'failed', expected: 'duplicate' });
    expect(step.seen).toMatch(/^replaced as example/);
  });
});
