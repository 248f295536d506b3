/**
 * Checks one condition against the running exhibit, and says what was expected and what was seen,
 * in words a person reads in a CI log ("level ≥ 129", "seen 12 on the pin").
 */
import { boardNameOf } from '../runtime/rig/words.js';
import { createForwardRunner } from '../core/forward.js';
import type { Exhibit } from '../runtime/exhibit.js';
import { displayActivation, ledLevel } from '../runtime/cascade.js';
import type { Condition, LedCondition, OutputCondition, SpikesCondition, StoryCondition, TrainingCondition } from './schema.js';
import { fitsTarget } from './scenarioExhibit.js';

export interface Check {
  ok: boolean;
  expected: string;
  seen: string;
}

/** Default tolerance on an exact LED level: the PWM duty is measured over a window. */
export const LED_TOLERANCE = 6;
/** Default tolerance on an exact output activation. */
export const OUTPUT_TOLERANCE = 0.05;

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(4).replace(/0+$/, ''));

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${fmt(min)}..${fmt(max)}`;
  if (min !== undefined) return `≥ ${fmt(min)}`;
  if (max !== undefined) return `≤ ${fmt(max)}`;
  return 'anything';
}

const inRange = (v: number, min?: number, max?: number): boolean => (min === undefined || v >= min) && (max === undefined || v <= max);

/** The board channel a step means: the one named, or the first the rig binds on that board. */
export function channelOf(exhibit: Exhibit, board: string, channel: number | undefined): number {
  return channel ?? exhibit.rig.boards.find((b) => b.id === board)!.channels[0]!.channel;
}

/** The LED level of an activation exactly at the firing threshold of the node on this channel. */
export function firedLevel(exhibit: Exhibit, board: string, channel: number): number {
  const binding = exhibit.rig.boards.find((b) => b.id === board)!.channels.find((c) => c.channel === channel)!;
  const layer = exhibit.network.layers[Math.max(0, binding.layer - 1)]!;
  const kind = binding.layer === 0 ? 'sigmoid' : layer.activation;
  return ledLevel(displayActivation(layer.threshold, kind), exhibit.rig.cascade.gamma);
}

function checkLed(exhibit: Exhibit, c: LedCondition): Check {
  if (c.channel === 'any') {
    // Any channel of the board: holds when one does; what was seen lists them all.
    const board = exhibit.rig.boards.find((b) => b.id === c.board)!;
    const checks = board.channels.map((ch) => checkLed(exhibit, { ...c, channel: ch.channel }));
    const expected = checks[0]!.expected.replace(/ channel \d+:/, ' any channel:');
    return { ok: checks.some((k) => k.ok), expected, seen: checks.map((k, i) => `channel ${board.channels[i]!.channel}: ${k.seen}`).join('; ') };
  }
  const board = exhibit.rig.boards.find((b) => b.id === c.board)!;
  const channel = channelOf(exhibit, c.board, c.channel);
  const state = exhibit.boardState(board).channels.find((ch) => ch.channel === channel)!;
  const onPin = (c.measure ?? 'pin') === 'pin';
  const name = exhibit.boardState(board).name;
  const where = `board ${c.board}${name ? ` (${name})` : ''} channel ${channel}`;
  const value = onPin ? state.measuredLevel : state.ledLevel;
  const what = onPin ? 'on the pin' : 'sent by the host';
  const tolerance = c.tolerance ?? LED_TOLERANCE;
  let expected: string;
  let ok: (v: number) => boolean;
  if (c.level === 'fired' || c.level === 'not-fired') {
    const at = firedLevel(exhibit, c.board, channel);
    expected = c.level === 'fired' ? `fired (level ≥ ${at})` : `not fired (level < ${at})`;
    ok = c.level === 'fired' ? (v) => v >= at : (v) => v < at;
  } else if (c.level === 'as-sent') {
    expected = `the level the host sent, ${state.ledLevel} ± ${tolerance}`;
    ok = (v) => Math.abs(v - state.ledLevel) <= tolerance;
  } else if (typeof c.level === 'number') {
    const level = c.level;
    expected = `level ${level} ± ${tolerance}`;
    ok = (v) => Math.abs(v - level) <= tolerance;
  } else {
    const { min, max } = c.level;
    expected = `level ${range(min, max)}`;
    ok = (v) => inRange(v, min, max);
  }
  expected = `${where}: ${expected}`;
  if (value === null) return { ok: false, expected, seen: 'no level: the board is unplugged' };
  return { ok: ok(value), expected, seen: `${value} ${what}` };
}

function checkOutput(exhibit: Exhibit, c: OutputCondition): Check {
  let outputs: number[];
  let label: string;
  if (c.inputs) {
    outputs = Array.from(createForwardRunner(exhibit.network).run(c.inputs).outputs);
    label = `for inputs [${c.inputs.join(', ')}]`;
  } else {
    const trace = exhibit.state().trace;
    outputs = trace ? trace.outputs : [];
    label = `for the inputs shown [${trace?.inputs.join(', ') ?? ''}]`;
  }
  const threshold = exhibit.network.layers[exhibit.network.layers.length - 1]!.threshold;
  let fired = outputs.map((o) => o >= threshold);
  // In spiking mode the boards' answer is the spikes': an output fires when its spikes light it.
  const spiking = c.inputs ? null : exhibit.spikingNow;
  if (spiking) {
    fired = outputs.map((_o, i) => spiking.answer.includes(i));
    label += ', read from the spikes';
  }
  const parts: string[] = [];
  let ok = true;
  if (c.fired) {
    parts.push(`fired [${c.fired.join(', ')}]`);
    ok &&= c.fired.every((f, i) => fired[i] === f);
  }
  if (c.values) {
    parts.push(
      `values [${c.values.map((v) => (typeof v === 'number' ? `${fmt(v)} ± ${OUTPUT_TOLERANCE}` : range(v.min, v.max))).join(', ')}]`,
    );
    ok &&= c.values.every((v, i) => {
      const o = outputs[i];
      if (o === undefined) return false;
      return typeof v === 'number' ? Math.abs(o - v) <= OUTPUT_TOLERANCE : inRange(o, v.min, v.max);
    });
  }
  return {
    ok,
    expected: `output ${label}: ${parts.join(', ') || 'anything'}`,
    seen: `values [${outputs.map((o) => o.toFixed(4)).join(', ')}], fired [${fired.join(', ')}]`,
  };
}

function checkTraining(exhibit: Exhibit, c: TrainingCondition): Check {
  const status = exhibit.trainingStatus;
  const fit = fitsTarget(exhibit);
  const parts: string[] = [];
  let ok = true;
  if (c.running !== undefined) {
    parts.push(c.running ? 'running' : 'not running');
    ok &&= status.running === c.running;
  }
  if (c.lossBelow !== undefined) {
    parts.push(`loss < ${c.lossBelow}`);
    ok &&= fit.loss < c.lossBelow;
  }
  if (c.fits !== undefined) {
    parts.push(c.fits ? 'fits the corpus' : 'does not fit the corpus');
    ok &&= (fit.correct === fit.size) === c.fits;
  }
  return {
    ok,
    expected: `training: ${parts.join(', ') || 'anything'}`,
    seen: `${status.running ? `running ${status.method}` : 'not running'}, loss ${fit.loss.toFixed(5)}, ${fit.correct}/${fit.size} examples right`,
  };
}

function checkStory(exhibit: Exhibit, c: StoryCondition): Check {
  const s = exhibit.story.state();
  const want = [
    c.playing === undefined ? '' : c.playing ? 'playing' : 'not playing',
    c.act === undefined ? '' : `act ${c.act}`,
    c.sceneIndex === undefined ? '' : `scene ${c.sceneIndex}`,
    c.scene === undefined ? '' : `a ${c.scene} scene`,
    c.outcome === undefined ? '' : c.outcome,
  ].filter(Boolean);
  const ok =
    (c.playing === undefined || s.playing === c.playing) &&
    (c.act === undefined || s.act?.id === c.act) &&
    (c.scene === undefined || s.scene?.kind === c.scene) &&
    (c.sceneIndex === undefined || s.scene?.index === c.sceneIndex) &&
    (c.outcome === undefined || s.scene?.outcome === c.outcome);
  const seen = s.playing ? `playing act ${s.act!.id}, scene ${s.scene!.index} (${s.scene!.kind}${s.scene!.outcome ? `, ${s.scene!.outcome}` : ''})` : 'not playing';
  return { ok, expected: `story "${s.name ?? 'none'}": ${want.join(', ') || 'anything'}`, seen };
}

/** Default window of a `spikes` condition (ms of the neurons' time). */
export const SPIKES_WINDOW_MS = 1000;

function checkSpikes(exhibit: Exhibit, c: SpikesCondition): Check {
  const board = exhibit.rig.boards.find((b) => b.id === c.board)!;
  const channel = channelOf(exhibit, c.board, c.channel);
  const binding = board.channels.find((ch) => ch.channel === channel)!;
  const windowMs = c.windowMs ?? SPIKES_WINDOW_MS;
  const expected = `board ${c.board}${board.name === undefined ? '' : ` (${boardNameOf(exhibit.rig, board)})`} channel ${channel}: ${range(c.min, c.max)} spikes in the last ${windowMs} ms`;
  const spiking = exhibit.spikingNow;
  if (!spiking) return { ok: false, expected, seen: 'no spikes: the boards show the network (sigmoid); switch with a "neurons": "spiking" step or the rig\'s neurons.model' };
  const n = spiking.spikesWithin(binding.layer, binding.node, windowMs);
  return { ok: inRange(n, c.min, c.max), expected, seen: `${n} spikes` };
}

export function checkCondition(exhibit: Exhibit, condition: Condition): Check {
  switch (condition.kind) {
    case 'led':
      return checkLed(exhibit, condition.body);
    case 'output':
      return checkOutput(exhibit, condition.body);
    case 'inputs': {
      const now = exhibit.state().inputs;
      return {
        ok: now.length === condition.body.length && now.every((v, i) => v === condition.body[i]),
        expected: `inputs [${condition.body.join(', ')}]`,
        seen: `inputs [${now.join(', ')}]`,
      };
    }
    case 'online':
    case 'offline': {
      const board = exhibit.rig.boards.find((b) => b.id === condition.body.board)!;
      const state = exhibit.boardState(board);
      return {
        ok: state.online === (condition.kind === 'online'),
        expected: `board ${board.id}${state.name ? ` (${state.name})` : ''} ${condition.kind}`,
        seen: `${state.state}${state.reconnects > 0 ? ` (reconnected ${state.reconnects}×)` : ''}`,
      };
    }
    case 'training':
      return checkTraining(exhibit, condition.body);
    case 'story':
      return checkStory(exhibit, condition.body);
    case 'spikes':
      return checkSpikes(exhibit, condition.body);
  }
}
