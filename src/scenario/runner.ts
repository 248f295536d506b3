/**
 * Runs a loaded scenario: starts the rig on simulated boards (timeScale.ts says how time works),
 * gets it ready (boards online, trained if asked; steps.ts), then runs the steps in order. The first
 * step that fails ends the run; the rest are reported as skipped, since they would test a state
 * nobody meant. A step never throws at the caller: an error from the exhibit is that step's failure.
 */
import { describeStep } from './describeStep.js';
import type { LoadedScenario } from './load.js';
import { openScenarioExhibit } from './scenarioExhibit.js';
import { DEFAULT_WITHIN_MS, DEFAULT_TIMEOUT_MS, runStep, setUp, StepContext, type Outcome } from './steps.js';
import { DEFAULT_SPEED_FAST, DEFAULT_SPEED_SIM, TimeScale, WallLimitError, type WallLimit } from './timeScale.js';

export { describeStep };

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  /** 0-based index in `steps`; -1 for the setup. */
  index: number;
  kind: string;
  /** What the step does, in words ("click board a0000001 channel 0"). */
  title: string;
  status: StepStatus;
  expected?: string;
  seen?: string;
  /** Why it failed, when that is more than expected/seen (an error from the exhibit, a timeout). */
  message?: string;
  /** Scenario ms when it started, and how long it took in scenario and wall ms. */
  atMs: number;
  scenarioMs: number;
  wallMs: number;
}

export interface ScenarioResult {
  path: string;
  name: string;
  rig: string;
  boards: 'sim' | 'fake';
  /** The time scale asked for, and the emulated speed the boards achieved (sim only). */
  speed: number;
  achievedSpeed: number | null;
  steps: StepResult[];
  passed: boolean;
  scenarioMs: number;
  wallMs: number;
  /** The exhibit's log, kept when something failed. */
  logs: string[];
}

export interface RunOptions {
  /** Fake boards instead of the firmware in the emulator. */
  fast?: boolean;
  /** Time scale k (scenario ms per wall ms); default 8 on the emulator, 20 on the fake boards. */
  speed?: number;
  /** Called as each step ends (the pretty reporter prints as it goes). */
  onStep?: (result: StepResult) => void;
  /**
   * Give up after this much wall time (ms): the step then running fails saying so and the rest are
   * skipped, so a run on a starved machine ends with a report instead of being killed without one.
   */
  wallLimitMs?: number;
  /** The whole run's allowance (`neuroboard test --timeout`), shared with the scenarios before and after this one. */
  runLimit?: WallLimit;
}

export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const fast = options.fast ?? false;
  const scale = new TimeScale(options.speed ?? (fast ? DEFAULT_SPEED_FAST : DEFAULT_SPEED_SIM), {
    ...(options.wallLimitMs === undefined ? {} : { wallLimitMs: options.wallLimitMs }),
    ...(options.runLimit === undefined ? {} : { runLimit: options.runLimit }),
  });
  const wallStart = performance.now();
  const start = loaded.scenario.start ?? 'trained';
  const running = await openScenarioExhibit(loaded.rig, { fast, scale, start });
  const ctx = new StepContext(
    running.exhibit,
    running,
    scale,
    loaded.scenario.defaults?.withinMs ?? DEFAULT_WITHIN_MS,
    loaded.scenario.defaults?.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  const results: StepResult[] = [];
  const record = async (index: number, kind: string, title: string, run: () => Promise<Outcome>): Promise<boolean> => {
    const atMs = scale.now();
    const wall = performance.now();
    let outcome: Outcome;
    try {
      outcome = await run();
    } catch (err) {
      // Out of time: say which step was running and for how long, beside what ran out and what to do.
      const message =
        err instanceof WallLimitError
          ? `gave up in ${index < 0 ? 'the setup' : `step ${index + 1}`} (${title}) after ${((performance.now() - wall) / 1000).toFixed(1)} s of wall time in it: ${err.message}`
          : (err as Error).message;
      outcome = { ok: false, message };
    }
    const result: StepResult = {
      index,
      kind,
      title,
      status: outcome.ok ? 'passed' : 'failed',
      ...(outcome.expected === undefined ? {} : { expected: outcome.expected }),
      ...(outcome.seen === undefined ? {} : { seen: outcome.seen }),
      ...(outcome.message === undefined ? {} : { message: outcome.message }),
      atMs,
      scenarioMs: scale.now() - atMs,
      wallMs: performance.now() - wall,
    };
    results.push(result);
    options.onStep?.(result);
    return outcome.ok;
  };

  let ok: boolean;
  let achievedSpeed: number | null = null;
  let scenarioMs = 0;
  try {
    ok = await record(-1, 'setup', `start rig "${loaded.rig.rig.name}" on ${fast ? 'fake boards' : 'the emulator'}, ${start}`, () => setUp(ctx, start));
    for (const step of loaded.steps) {
      if (!ok) {
        const skipped: StepResult = { index: step.index, kind: step.kind, title: describeStep(step), status: 'skipped', atMs: scale.now(), scenarioMs: 0, wallMs: 0 };
        results.push(skipped);
        options.onStep?.(skipped);
        continue;
      }
      ok = await record(step.index, step.kind, describeStep(step), () => runStep(step, ctx));
    }
  } finally {
    achievedSpeed = running.achievedSpeed();
    scenarioMs = scale.now(); // before stop: the emulated clock's figures end with its boards
    await running.stop().catch(() => undefined);
  }
  const passed = results.every((r) => r.status === 'passed');
  return {
    path: loaded.path,
    name: loaded.name,
    rig: loaded.rig.rig.name,
    boards: fast ? 'fake' : 'sim',
    speed: scale.k,
    achievedSpeed,
    steps: results,
    passed,
    scenarioMs,
    wallMs: performance.now() - wallStart,
    logs: passed ? [] : running.logs,
  };
}
