/**
 * Runs a loaded scenario: starts the rig on simulated boards (timeScale.ts says how time works),
 * gets it ready (boards online, trained if asked), then runs the steps in order. The first step that
 * fails ends the run; the rest are reported as skipped, since they would test a state nobody meant.
 * A step never throws at the caller: an error from the exhibit is that step's failure.
 */
import type { Exhibit } from '../runtime/exhibit.js';
import { channelOf, checkCondition, type Check } from './conditions.js';
import { describeStep } from './describeStep.js';
import type { LoadedScenario } from './load.js';
import { fitsTarget, openScenarioExhibit, type ScenarioExhibit } from './scenarioExhibit.js';
import type { Condition, LoadedStep } from './schema.js';
import { DEFAULT_SPEED_FAST, DEFAULT_SPEED_SIM, TimeScale } from './timeScale.js';

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
}

const DEFAULT_WITHIN_MS = 2000;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_TRAIN_TIMEOUT_MS = 120_000;
const SETUP_TIMEOUT_MS = 60_000;

interface Outcome {
  ok: boolean;
  expected?: string;
  seen?: string;
  message?: string;
}

class StepContext {
  constructor(
    readonly exhibit: Exhibit,
    readonly running: ScenarioExhibit,
    readonly scale: TimeScale,
    readonly withinMs: number,
    readonly timeoutMs: number,
  ) {}

  /** Polls a condition until it holds or `ms` pass; the last check says what was seen. */
  async holds(condition: Condition, ms: number): Promise<Check> {
    let last = checkCondition(this.exhibit, condition);
    await this.scale.until(() => {
      last = checkCondition(this.exhibit, condition);
      return last.ok;
    }, ms);
    return last;
  }

  async button(board: string, channel: number | undefined, pressed: boolean): Promise<Outcome> {
    const ch = channelOf(this.exhibit, board, channel);
    const rigBoard = this.exhibit.rig.boards.find((b) => b.id === board)!;
    const online = this.exhibit.boardState(rigBoard).online;
    this.exhibit.press(board, ch, pressed);
    const expected = `board ${board} reports its button ${pressed ? 'down' : 'up'} (channel ${ch})`;
    // An offline board cannot report it: the pin is pressed all the same, as a visitor would.
    if (!online) return { ok: true, expected, seen: 'board offline: only the pin was pressed' };
    const seen = await this.scale.until(
      () => this.exhibit.boardState(rigBoard).channels.find((c) => c.channel === ch)!.pressed === pressed,
      this.timeoutMs,
    );
    return seen ? { ok: true, expected, seen: 'reported' } : { ok: false, expected, seen: `no BTN within ${this.timeoutMs} ms` };
  }

  /** Waits for a training run to end; stops it (and fails) after `timeoutMs`, or ends it after `forMs`. */
  async trainingEnds(timeoutMs: number, forMs?: number): Promise<{ ended: boolean; timedOut: boolean }> {
    const limit = forMs === undefined ? timeoutMs : Math.min(forMs, timeoutMs);
    const ended = await this.scale.until(() => !this.exhibit.trainingStatus.running, limit);
    if (ended) return { ended: true, timedOut: false };
    await this.exhibit.stopTraining();
    return { ended: false, timedOut: forMs === undefined || forMs > timeoutMs };
  }
}

async function runStep(step: LoadedStep, ctx: StepContext): Promise<Outcome> {
  const { exhibit, scale } = ctx;
  switch (step.kind) {
    case 'press':
      return ctx.button(step.body.board, step.body.channel, true);
    case 'release':
      return ctx.button(step.body.board, step.body.channel, false);
    case 'click': {
      const down = await ctx.button(step.body.board, step.body.channel, true);
      return down.ok ? ctx.button(step.body.board, step.body.channel, false) : down;
    }
    case 'hold': {
      const down = await ctx.button(step.body.board, step.body.channel, true);
      if (!down.ok) return down;
      await scale.sleep(step.body.ms);
      return ctx.button(step.body.board, step.body.channel, false);
    }
    case 'set-inputs': {
      const trace = exhibit.setInputs(step.body);
      return { ok: true, seen: `outputs [${trace.outputs.map((o) => o.toFixed(4)).join(', ')}]` };
    }
    case 'wait': {
      if (!step.body.until) {
        await scale.sleep(step.body.ms ?? 0);
        return { ok: true };
      }
      const timeout = step.body.timeoutMs ?? ctx.timeoutMs;
      const check = await ctx.holds(step.body.until, timeout);
      return { ...check, ...(check.ok ? {} : { message: `did not hold within ${timeout} ms` }) };
    }
    case 'expect': {
      const within = step.body.withinMs ?? ctx.withinMs;
      const check = await ctx.holds(step.body.condition, within);
      return { ...check, ...(check.ok || within === 0 ? {} : { message: `did not hold within ${within} ms` }) };
    }
    case 'train': {
      const b = step.body;
      const open = b.forMs === undefined && b.epochs === undefined;
      const target = b.untilLoss ?? (open ? exhibit.rig.training.targetLoss : undefined);
      if (exhibit.trainingStatus.running) await exhibit.stopTraining();
      exhibit.train({
        method: b.method ?? exhibit.rig.training.method,
        fromRandomGuess: false,
        stepsPerSecond: 0, // full speed: a scenario checks where training gets, not how it looks
        ...(target === undefined ? {} : { targetLoss: target }),
        ...(b.epochs === undefined ? {} : { epochs: b.epochs }),
        ...(b.learningRate === undefined ? {} : { learningRate: b.learningRate }),
      });
      const timeout = b.timeoutMs ?? DEFAULT_TRAIN_TIMEOUT_MS;
      const { timedOut } = await ctx.trainingEnds(timeout, b.forMs);
      const fit = fitsTarget(exhibit);
      const status = exhibit.trainingStatus;
      const seen = `${status.method} ended (${status.reason ?? '?'}) after ${status.step} steps at loss ${fit.loss.toFixed(5)}, ${fit.correct}/${fit.size} right`;
      if (timedOut) return { ok: false, expected: `training ends within ${timeout} ms`, seen, message: 'training did not end in time; it was stopped' };
      if (target === undefined) return { ok: true, seen };
      return { ok: fit.loss < target, expected: `loss < ${target}`, seen };
    }
    case 'stop-training': {
      const status = await exhibit.stopTraining();
      return { ok: true, seen: status.method ? `${status.method} at loss ${status.loss?.toFixed(5) ?? '?'}` : 'nothing was running' };
    }
    case 'teach': {
      const result = exhibit.teach({ inputs: step.body.inputs, targets: step.body.targets });
      const timeout = step.body.timeoutMs ?? DEFAULT_TRAIN_TIMEOUT_MS;
      const trained = result.training ? await ctx.trainingEnds(timeout) : null;
      const fit = fitsTarget(exhibit);
      const seen = `${result.outcome} as example ${result.index}${trained ? `, retrained to loss ${fit.loss.toFixed(5)}` : ''}`;
      if (trained?.timedOut) return { ok: false, expected: `retraining ends within ${timeout} ms`, seen, message: 'training did not end in time; it was stopped' };
      if (step.body.outcome && step.body.outcome !== result.outcome) return { ok: false, expected: step.body.outcome, seen };
      return { ok: true, ...(step.body.outcome ? { expected: step.body.outcome } : {}), seen };
    }
    case 'unplug':
      ctx.running.devices.get(step.body.board)!.unplug();
      return { ok: true };
    case 'replug':
      ctx.running.devices.get(step.body.board)!.replug();
      return { ok: true };
    case 'raw': {
      const { reply, match } = step.body;
      const line = await exhibit.rawCommand(step.body.board, step.body.send);
      const wants: string[] = [];
      let ok = true;
      if (reply !== undefined) {
        wants.push(JSON.stringify(reply));
        ok &&= line === reply;
      }
      if (match !== undefined) {
        wants.push(`/${match}/`);
        ok &&= new RegExp(match).test(line);
      }
      return { ok, expected: `reply ${wants.join(' and ') || 'any line'}`, seen: JSON.stringify(line) };
    }
  }
}

/** Boards online, and trained to the rig's target when the scenario starts "trained". */
async function setUp(ctx: StepContext, start: 'trained' | 'untrained' | 'as-rig'): Promise<Outcome> {
  const { exhibit, scale } = ctx;
  exhibit.start();
  const online = await scale.until(() => exhibit.state().boards.every((b) => b.online), SETUP_TIMEOUT_MS);
  const boards = exhibit.state().boards.map((b) => `${b.id} ${b.state}`).join(', ');
  if (!online) return { ok: false, expected: 'every board online', seen: boards, message: `the boards did not all come online within ${SETUP_TIMEOUT_MS} ms` };
  if (start !== 'trained') return { ok: true, seen: `boards online; network ${start === 'untrained' ? 'untrained (first guess)' : 'as the rig starts it'}` };
  if ((await ctx.trainingEnds(DEFAULT_TRAIN_TIMEOUT_MS)).timedOut) return { ok: false, message: 'training on start did not end in time' };
  if (!fitsTarget(exhibit).fits) {
    exhibit.train({ method: exhibit.rig.training.method, targetLoss: exhibit.rig.training.targetLoss, fromRandomGuess: false, stepsPerSecond: 0 });
    if ((await ctx.trainingEnds(DEFAULT_TRAIN_TIMEOUT_MS)).timedOut) return { ok: false, message: 'training to the rig\'s target did not end in time' };
  }
  const fit = fitsTarget(exhibit);
  const seen = `boards online; trained to loss ${fit.loss.toFixed(5)}, ${fit.correct}/${fit.size} right`;
  if (!fit.fits) return { ok: false, expected: `loss ≤ ${exhibit.rig.training.targetLoss} and every example right`, seen, message: 'could not train the rig to its target' };
  return { ok: true, seen };
}

export async function runScenario(loaded: LoadedScenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const fast = options.fast ?? false;
  const scale = new TimeScale(options.speed ?? (fast ? DEFAULT_SPEED_FAST : DEFAULT_SPEED_SIM), options.wallLimitMs === undefined ? {} : { wallLimitMs: options.wallLimitMs });
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
      outcome = { ok: false, message: (err as Error).message };
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
