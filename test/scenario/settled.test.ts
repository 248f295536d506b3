/**
 * An `expect` judges the boards once they have settled: the cascade the last stimulus started has
 * played out and every LED shows what it was sent (issue 11, item 8). A check that held only before
 * the signal arrived used to pass, so a scenario could contradict itself and still be green.
 * `eventually` keeps the old "holds at some moment within N ms".
 */
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { prettyReport } from '../../src/scenario/report/pretty.js';
import { runScenario } from '../../src/scenario/runner.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());

/** The scenario: A pressed, then the answer both dark and lit. */
const contradiction = {
  version: 1,
  rig: '../rigs/xor.json',
  steps: [
    { click: { board: 'a0000001' } },
    { expect: { led: { board: 'a0000004', level: 'not-fired' } } },
    { expect: { led: { board: 'a0000004', level: 'fired' } } },
  ],
};

describe('expect judges the settled state', () => {
  for (const fast of [true, false]) {
    it(`the self-contradicting scenario of the issue fails at its "not-fired" step (${fast ? 'fake boards' : 'emulator'})`, { timeout: 60_000 }, async () => {
      // rig "xor" by name: the relative path points at boards/rigs from boards/scenarios.
      const result = await runScenario(await loadScenario(files.write({ ...contradiction, rig: 'xor' })), { fast, wallLimitMs: 45_000 });
      expect(result.passed).toBe(false);
      expect(result.steps.map((s) => s.status), prettyReport([result])).toEqual(['passed', 'passed', 'failed', 'skipped']);
      const failed = result.steps[2]!;
      expect(failed.expected).toMatch(/not fired \(level < 55\)/);
      expect(Number(/^(\d+) on the pin/.exec(failed.seen ?? '')?.[1])).toBeGreaterThanOrEqual(55);
      expect(failed.message).toMatch(/settled/);
      expect(failed.message).toMatch(/eventually/);
    });
  }

  it('the same scenario in the right order passes, each expect waiting for the cascade (2 × 300 ms) it judges', async () => {
    const result = await runScenario(
      await loadScenario(
        files.write(xor([{ click: { board: 'a0000001' } }, { expect: { led: { board: 'a0000004', level: 'fired' } } }, { click: { board: 'a0000002' } }, { expect: { led: { board: 'a0000004', level: 'not-fired' } } }])),
      ),
      { fast: true },
    );
    expect(result.passed, prettyReport([result])).toBe(true);
    // The pass starts when the press is reported, inside the click step: the expect ends the
    // cascade's 2 × 300 ms after that at the earliest.
    const [, click, lit] = result.steps;
    expect(lit!.atMs + lit!.scenarioMs - click!.atMs).toBeGreaterThanOrEqual(600);
  });

  it('right after an unplug, offline is judged once the host has seen the board go', async () => {
    const result = await runScenario(await loadScenario(files.write(xor([{ unplug: { board: 'a0000003' } }, { expect: { offline: { board: 'a0000003' } } }]))), {
      fast: true,
    });
    expect(result.passed).toBe(true);
  });

  it('after a start that trains, the boards settle on the trained pass: the first guess\'s cascade does not overwrite the hidden LEDs', { timeout: 60_000 }, async () => {
    // Before the fix, the start's animated cascade (first guess) kept playing after training showed
    // the trained pass at once, and left the hidden board at 59/112/49: never settled.
    const result = await runScenario(await loadScenario(files.write(xor([{ expect: { led: { board: 'a0000003', channel: 2, level: 'as-sent' } } }]))), {
      wallLimitMs: 45_000,
    });
    expect(result.steps[1], JSON.stringify(result.steps[1])).toMatchObject({ status: 'passed' });
  });

  it('`eventually` keeps "holds at some moment within N ms": the dark answer before the signal arrives counts', async () => {
    const result = await runScenario(
      await loadScenario(
        files.write(
          xor([
            { click: { board: 'a0000001' } },
            { eventually: { led: { board: 'a0000004', level: 'not-fired' } } },
            { eventually: { led: { board: 'a0000004', level: 'fired' }, withinMs: 3000 } },
          ]),
        ),
      ),
      { fast: true },
    );
    expect(result.passed).toBe(true);
  });

  it('the old spelling (withinMs on an expect) is refused, saying what replaced it', async () => {
    await expect(loadScenario(files.write(xor([{ expect: { led: { board: 'a0000004', level: 'fired' }, withinMs: 500 } }])))).rejects.toThrow(
      /step 1 \(steps\[0\]\.expect\.withinMs\): .*settled.*"eventually": \{ <the condition>, "withinMs": 500 \}/s,
    );
  });
});
