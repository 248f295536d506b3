/**
 * The example scenarios under boards/scenarios/ run green on the real firmware in the emulator, and
 * scenario time is virtual: the yanked-board example waits 30 s of scenario time, which must take
 * far less than 30 s of wall time (bound generous on purpose: a loaded CI machine is slower).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadScenario } from '../../src/scenario/load.js';
import { prettyReport } from '../../src/scenario/report/pretty.js';
import { runScenario, type ScenarioResult } from '../../src/scenario/runner.js';

const dir = join(BOARDS_DIR, 'scenarios');
const examples = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
/** Emulator runs are kept, so the timing test reads the run above instead of running it again. */
const simRuns = new Map<string, ScenarioResult>();
async function simRun(file: string): Promise<ScenarioResult> {
  const kept = simRuns.get(file);
  if (kept) return kept;
  // Ends with a report (the step it was on, the boards' speed, the logs) well before the test's own
  // timeout, should a starved machine make the emulator crawl.
  const result = await runScenario(await loadScenario(join(dir, file)), { wallLimitMs: 45_000 });
  simRuns.set(file, result);
  return result;
}

describe('example scenarios on the emulator (real firmware)', () => {
  it('there are examples for the XOR rig', () => {
    expect(examples).toEqual(expect.arrayContaining(['xor-truth-table.json', 'xor-yank-hidden.json', 'xor-raw-protocol.json', 'xor-visitor.yaml']));
  });

  for (const file of examples) {
    it(`${file} passes`, { timeout: 60_000 }, async () => {
      const result = await simRun(file);
      expect(result.passed, prettyReport([result])).toBe(true);
      expect(result.boards).toBe('sim');
    });
  }

  it('a 30 s wait (xor-yank-hidden) takes far less than 30 s of wall time', { timeout: 60_000 }, async () => {
    const result = await simRun('xor-yank-hidden.json');
    const wait = result.steps.find((s) => s.kind === 'wait' && /half a minute/.test(s.title))!;
    expect(wait.status).toBe('passed');
    expect(wait.scenarioMs).toBeGreaterThanOrEqual(30_000);
    expect(wait.wallMs).toBeLessThan(20_000);
    expect(result.wallMs).toBeLessThan(result.scenarioMs);
  });
});

describe('example scenarios on the fake boards (--fast)', () => {
  for (const file of examples) {
    it(`${file} passes`, async () => {
      const result = await runScenario(await loadScenario(join(dir, file)), { fast: true });
      expect(result.passed, prettyReport([result])).toBe(true);
    });
  }

  it('a 30 s wait takes less than 5 s of wall time', async () => {
    const result = await runScenario(await loadScenario(join(dir, 'xor-yank-hidden.json')), { fast: true });
    const wait = result.steps.find((s) => s.kind === 'wait' && /half a minute/.test(s.title))!;
    expect(wait.scenarioMs).toBeGreaterThanOrEqual(30_000);
    expect(wait.wallMs).toBeLessThan(5000);
  });
});
