/**
 * What each step kind does to the exhibit, and the setup before the first: the step context holds
 * the exhibit, its time scale and the scenario's default bounds.
 */
import type { TraceSnapshot } from '../core/forward.js';
import type { Exhibit } from '../runtime/exhibit.js';
import { channelOf, checkCondition, type Check } from './conditions.js';
import { fitsTarget, type ScenarioExhibit } from './scenarioExhibit.js';
import type { Condition, LoadedStep } from './schema.js';
import { settle } from './settle.js';
import type { TimeScale } from './timeScale.js';

export const DEFAULT_WITHIN_MS = 2000;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_TRAIN_TIMEOUT_MS = 120_000;
export const SETUP_TIMEOUT_MS = 60_000;

export interface Outcome {
  ok: boolean;
  expected?: string;
  seen?: string;
  message?: string;
}

export class StepContext {
  /** The pass the exhibit shows now: what the boards settle to. */
  private trace: TraceSnapshot | null;
  /** Boards whose cable the scenario has pulled: settled means the host sees them gone. */
  readonly unplugged = new Set<string>();

  constructor(
    readonly exhibit: Exhibit,
    readonly running: ScenarioExhibit,
    readonly scale: TimeScale,
    readonly withinMs: number,
    readonly timeoutMs: number,
  ) {
    this.trace = exhibit.state().trace;
    exhibit.on('trace', (trace) => (this.trace = trace));
  }

  /**
   * The `expect` check: waits (at most timeoutMs) for the boards to settle (settle.ts), then judges
   * the condition once. A state the boards only pass through on the way does not count.
   */
  async settled(condition: Condition): Promise<Outcome> {
    const done = await settle(this.exhibit, this.scale, () => this.trace, this.unplugged, this.timeoutMs);
    const check = checkCondition(this.exhibit, condition);
    if (!done.settled) {
      return { ...check, ok: false, message: `the boards did not settle within ${this.timeoutMs} ms (${done.reasons.slice(0, 3).join('; ')})` };
    }
    if (check.ok) return check;
    return {
      ...check,
      message:
        `judged once the boards had settled (${Math.round(done.afterMs)} ms after the step began); ` +
        'for a state the boards only pass through, use "eventually" with withinMs',
    };
  }

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
    const expected = `board ${board} reports its button ${pressed ? 'down' : 'up'} (channel ${ch})`;
    // An offline (or pulled) board cannot report it, and the exhibit refuses the press (503): the pin
    // is pressed all the same, on the simulated board itself, as a visitor's finger would.
    if (!online || this.unplugged.has(board)) {
      const device = this.running.devices.get(board)!;
      if (pressed) device.press(ch);
      else device.release(ch);
      return { ok: true, expected, seen: 'board offline: only the pin was pressed' };
    }
    this.exhibit.press(board, ch, pressed);
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

export async function runStep(step: LoadedStep, ctx: StepContext): Promise<Outcome> {
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
      const trace = await exhibit.setInputs(step.body);
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
    case 'expect':
      return ctx.settled(step.body.condition);
    case 'eventually': {
      const within = step.body.withinMs ?? ctx.withinMs;
      const check = await ctx.holds(step.body.condition, within);
      return { ...check, ...(check.ok ? {} : { message: `did not hold at any moment within ${within} ms` }) };
    }
    case 'train': {
      const b = step.body;
      const open = b.forMs === undefined && b.epochs === undefined;
      const target = b.untilLoss ?? (open ? exhibit.rig.training.targetLoss : undefined);
      if (exhibit.trainingStatus.running) await exhibit.stopTraining();
      await exhibit.train({
        method: b.method ?? exhibit.rig.training.method,
        fromRandomGuess: false,
        pace: 0, // full speed: a scenario checks where training gets, not how it looks
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
      const result = await exhibit.teach({ inputs: step.body.inputs, targets: step.body.targets });
      const timeout = step.body.timeoutMs ?? DEFAULT_TRAIN_TIMEOUT_MS;
      const trained = result.training ? await ctx.trainingEnds(timeout) : null;
      const fit = fitsTarget(exhibit);
      const seen = `${result.outcome} as example ${result.index}${trained ? `, retrained to loss ${fit.loss.toFixed(5)}` : ''}`;
      if (trained?.timedOut) return { ok: false, expected: `retraining ends within ${timeout} ms`, seen, message: 'training did not end in time; it was stopped' };
      if (step.body.outcome && step.body.outcome !== result.outcome) return { ok: false, expected: step.body.outcome, seen };
      return { ok: true, ...(step.body.outcome ? { expected: step.body.outcome } : {}), seen };
    }
    case 'story': {
      if (step.body === 'play') exhibit.playStory();
      else await exhibit.stopStory();
      const s = exhibit.story.state();
      return { ok: true, seen: s.playing ? `playing act ${s.act!.id}` : 'handed over' };
    }
    case 'neurons': {
      const { model, agreement } = await exhibit.setNeuronModel(step.body);
      return { ok: true, seen: model === 'spiking' && agreement ? `spiking; agrees on ${agreement.right} of ${agreement.of} examples` : model };
    }
    case 'unplug':
      ctx.running.devices.get(step.body.board)!.unplug();
      ctx.unplugged.add(step.body.board);
      return { ok: true };
    case 'replug':
      ctx.running.devices.get(step.body.board)!.replug();
      ctx.unplugged.delete(step.body.board);
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
export async function setUp(ctx: StepContext, start: 'trained' | 'untrained' | 'as-rig'): Promise<Outcome> {
  const { exhibit, scale } = ctx;
  exhibit.start();
  const online = await scale.until(() => exhibit.state().boards.every((b) => b.online), SETUP_TIMEOUT_MS);
  const boards = exhibit.state().boards.map((b) => `${b.id} ${b.state}`).join(', ');
  if (!online) return { ok: false, expected: 'every board online', seen: boards, message: `the boards did not all come online within ${SETUP_TIMEOUT_MS} ms` };
  if (start !== 'trained') return { ok: true, seen: `boards online; network ${start === 'untrained' ? 'untrained (first guess)' : 'as the rig starts it'}` };
  if ((await ctx.trainingEnds(DEFAULT_TRAIN_TIMEOUT_MS)).timedOut) return { ok: false, message: 'training on start did not end in time' };
  if (!fitsTarget(exhibit).fits) {
    await exhibit.train({ method: exhibit.rig.training.method, targetLoss: exhibit.rig.training.targetLoss, fromRandomGuess: false, pace: 0 });
    if ((await ctx.trainingEnds(DEFAULT_TRAIN_TIMEOUT_MS)).timedOut) return { ok: false, message: 'training to the rig\'s target did not end in time' };
  }
  const fit = fitsTarget(exhibit);
  const seen = `boards online; trained to loss ${fit.loss.toFixed(5)}, ${fit.correct}/${fit.size} right`;
  if (!fit.fits) return { ok: false, expected: `loss ≤ ${exhibit.rig.training.targetLoss} and every example right`, seen, message: 'could not train the rig to its target' };
  return { ok: true, seen };
}
