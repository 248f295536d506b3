/**
 * Spiking mode on the boards: every board stays within its command budget (about 30 LED and FIRE
 * commands a second) while its neurons spike, spikes are flashed, potentials shown, and presses
 * drive the input neurons. The budget alone first (a fake sink, time driven by the test), then a
 * whole XOR exhibit on emulated boards (the real firmware in avr8js), counting the commands each
 * board's transport is handed, second by second.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource, nodeSimSource } from '../../src/hosts/node/boardSources.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import type { BoardSource } from '../../src/runtime/boardSource.js';
import { SpikingLeds, type SpikeSink } from '../../src/runtime/spikingLeds.js';
import { waitFor } from '../transports/waitFor.js';

/** The most commands any board got in any window of `windowMs` (sliding over the send times). */
function busiestWindow(times: Map<string, number[]>, windowMs = 1000): { board: string; count: number } {
  let worst = { board: '', count: 0 };
  for (const [board, ts] of times) {
    const sorted = [...ts].sort((a, b) => a - b);
    let from = 0;
    for (let to = 0; to < sorted.length; to++) {
      while (sorted[to]! - sorted[from]! >= windowMs) from++;
      if (to - from + 1 > worst.count) worst = { board, count: to - from + 1 };
    }
  }
  return worst;
}

describe('the spiking LED budget (a fake sink, time from the test)', () => {
  it('keeps a board of seven channels all spiking at 10/s within 30 commands in every second, fires first, and counts what it drops', () => {
    const sent = new Map<string, number[]>();
    let now = 0;
    const fires: string[] = [];
    const levels: string[] = [];
    const note = (board: string) => (sent.get(board) ?? sent.set(board, []).get(board)!).push(now);
    const sink: SpikeSink = {
      boardsOf: (layer) => [layer === 0 ? 'mega' : 'uno'],
      setLevel: (layer, node, level) => (note(layer === 0 ? 'mega' : 'uno'), levels.push(`${layer}.${node}=${level}`)),
      flicker: (layer, node) => (note(layer === 0 ? 'mega' : 'uno'), fires.push(`${layer}.${node}`)),
    };
    const leds = new SpikingLeds(sink, [7, 2], { gamma: 2.2 });
    // 5 s at 20 ms ticks: every input spikes every 100 ms (staggered), the two others charge in a sawtooth.
    for (let tick = 0; tick < 250; tick++) {
      now = tick * 20;
      const spikes = [Array.from({ length: 7 }, (_, n) => ((tick + n) % 5 === 0 ? 1 : 0)), [tick % 5 === 0 ? 1 : 0, 0]];
      const shows = [Array(7).fill(1), [(tick % 5) / 5, (tick % 25) / 25]];
      leds.update(now, spikes, shows);
    }
    const worst = busiestWindow(sent);
    expect(worst.count).toBeLessThanOrEqual(30);
    expect(worst.count).toBeGreaterThanOrEqual(25); // the budget is used, not idle
    // 7 × 10 spikes a second cannot all be flashed in 25 a second: some are dropped, and counted.
    expect(leds.counts.droppedFires).toBeGreaterThan(0);
    expect(leds.counts.fires + leds.counts.droppedFires).toBe(7 * 50 + 50);
    // The uno's single spiking neuron (10/s) and its levels fit its own budget: none of its spikes dropped.
    expect(fires.filter((f) => f === '1.0').length).toBe(50);
    // Levels are sent only when they change visibly: the lit inputs once each.
    expect(levels.filter((l) => l.startsWith('0.')).length).toBe(7);
  });

  it('sends dark once a neuron falls back to rest, and nothing while nothing changes', () => {
    const calls: string[] = [];
    const sink: SpikeSink = { boardsOf: () => ['b'], setLevel: (l, n, v) => calls.push(`${l}.${n}=${v}`), flicker: () => calls.push('fire') };
    const leds = new SpikingLeds(sink, [1], { gamma: 1 });
    leds.update(0, [[0]], [[0.55]]);
    leds.update(100, [[0]], [[0.6]]); // a step below the visible one: nothing
    leds.update(200, [[0]], [[-2]]); // below rest: dark
    leds.update(300, [[0]], [[-1]]); // still dark: nothing
    expect(calls).toEqual(['0.0=140', '0.0=0']);
  });
});

let running: Exhibit | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

/** Counts the LED and FIRE commands each board's transport is handed, with when. */
function countCommands(source: BoardSource): { led: Map<string, number[]>; fire: Map<string, number[]>; all: Map<string, number[]> } {
  const led = new Map<string, number[]>();
  const fire = new Map<string, number[]>();
  const all = new Map<string, number[]>();
  const note = (m: Map<string, number[]>, id: string) => (m.get(id) ?? m.set(id, []).get(id)!).push(performance.now());
  const open = source.open.bind(source);
  source.open = async (rigBoard) => {
    const board = await open(rigBoard);
    const setLed = board.setLed.bind(board);
    const fireFn = board.fire.bind(board);
    board.setLed = (ch, level) => (note(led, rigBoard.id), note(all, rigBoard.id), setLed(ch, level));
    board.fire = (ch, ms) => (note(fire, rigBoard.id), note(all, rigBoard.id), fireFn(ch, ms));
    return board;
  };
  return { led, fire, all };
}

describe.each([
  ['emulated (avr8js)', 'sim'],
  ['fake', 'fake'],
] as const)('spiking mode on %s boards', (_name, kind) => {
  it('flashes spikes and shows potentials within 30 commands per board per second, and a press drives the inputs to the answer', { timeout: 40_000 }, async () => {
    const xor = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
    const source = kind === 'sim' ? nodeSimSource(xor) : nodeFakeSource(xor);
    const counts = countCommands(source);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: xor, source, corpus: classicCorpus('xor') });
    running = exhibit;
    exhibit.start();
    await waitFor(() => !exhibit.trainingStatus.running && exhibit.state().boards.every((b) => b.online), { timeoutMs: 20_000, what: 'trained, boards online' });

    const summary = await exhibit.setNeuronModel('spiking');
    expect(summary.model).toBe('spiking');
    expect(summary.agreement).toMatchObject({ right: 4, of: 4 });
    const t0 = performance.now();
    await exhibit.setInputs([1, 0]);
    await waitFor(() => performance.now() - t0 > 3000, { timeoutMs: 5000, intervalMs: 50, what: '3 s of spiking' });

    const neurons = exhibit.state().neurons!;
    expect(neurons.answer).toEqual([0]); // 1 XOR 0 lit by its spikes
    expect(neurons.spikes[0]).toEqual([10, 0]); // the pressed input fires at the top rate
    // Every board was sent something, none more than 30 commands in any second.
    for (const b of xor.boards) expect(counts.all.get(b.id)?.length ?? 0).toBeGreaterThan(0);
    const worst = busiestWindow(counts.all);
    expect(worst.count, `board ${worst.board}`).toBeLessThanOrEqual(30);
    // The output board flashed its spikes (FIRE), not only levels.
    const output = xor.boards.find((b) => b.channels.some((c) => c.layer === 2))!;
    expect(counts.fire.get(output.id)?.length ?? 0).toBeGreaterThan(3);
  });
});
