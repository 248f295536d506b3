/**
 * The whole XOR exhibit through the real host path (SerialNeuronBoard → protocol → supervisor →
 * cascade), run on each kind of emulated board by the files that call `describeXorExhibit`. Faults
 * tried: a board yanked mid-write and plugged back, garbage from a board, button mashing on every board.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import type { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import type { SimBoardSource } from '../../src/runtime/sources/simSource.js';
import { waitFor } from '../transports/waitFor.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

type Source = SimBoardSource | FakeBoardSource;

export function describeXorExhibit(name: string, makeSource: (rig: ResolvedRig) => Source): void {
  let rig: ResolvedRig;
  let running: Exhibit | null = null;

  beforeAll(async () => {
    const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    rig = { ...loaded.rig, cascade: { ...loaded.rig.cascade, stepDelayMs: 0 } };
  });

  afterEach(async () => {
    await running?.stop();
    running = null;
  });

  async function startExhibit(timing = {}) {
    const source = makeSource(rig);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor'), supervisorTiming: timing });
    running = exhibit;
    exhibit.start();
    await waitFor(() => !exhibit.trainingStatus.running && exhibit.state().boards.every((b) => b.online), { timeoutMs: 10_000 });
    return { exhibit, source };
  }

  /** Press and release a fake board's button, waiting for the debounced press to reach the exhibit. */
  async function click(exhibit: Exhibit, source: Source, id: string, want: number[]) {
    source.press(id, 0, true);
    await waitFor(() => exhibit.state().boards.find((b) => b.id === id)!.channels[0]!.pressed, { timeoutMs: 2000 });
    source.press(id, 0, false);
    await waitFor(() => exhibit.state().inputs.join() === want.join(), { timeoutMs: 2000 });
  }

  describe(name, () => {
    it('each of the four button combinations lights the answer board as XOR says', async () => {
      const { exhibit, source } = await startExhibit();
      const answer = () => source.measuredLevel('a0000004', 0)!;
          await waitFor(() => answer() < 30, { timeoutMs: 2000 });
      await click(exhibit, source, 'a0000001', [1, 0]);
      await waitFor(() => answer() > 128, { timeoutMs: 2000 });
      await click(exhibit, source, 'a0000002', [1, 1]);
      await waitFor(() => answer() < 30, { timeoutMs: 2000 });
      await click(exhibit, source, 'a0000001', [0, 1]);
      await waitFor(() => answer() > 128, { timeoutMs: 2000 });
      await click(exhibit, source, 'a0000002', [0, 0]);
      await waitFor(() => answer() < 30, { timeoutMs: 2000 });
      // All three hidden channels work (the runtime raised the board's channel count from 1 to 3), and
      // the duty measured on each pin is the level the host sent.
      const hidden = exhibit.state().boards.find((b) => b.id === 'a0000003')!;
      await waitFor(
        () => hidden.channels.every((c) => Math.abs(source.measuredLevel('a0000003', c.channel)! - c.ledLevel) <= 6),
        { timeoutMs: 2000, what: `hidden levels ${JSON.stringify(hidden.channels.map((c) => [c.ledLevel, source.measuredLevel('a0000003', c.channel)]))}` },
      );
    });

    it('fault: the answer board is yanked mid-write → offline, the rest keeps going, LEDs restored on replug', async () => {
      const { exhibit, source } = await startExhibit({ backoffInitialMs: 50, backoffMaxMs: 200 });
      const device = source.devices.get('a0000004')!;
      exhibit.setInputs([1, 0]);
      device.unplug();
      exhibit.setInputs([0, 1]); // written while the cable is out
      await waitFor(() => exhibit.state().boards.find((b) => b.id === 'a0000004')!.state === 'offline', { timeoutMs: 2000 });
      // The exhibit keeps running with the boards it has.
      exhibit.setInputs([1, 1]);
      expect(exhibit.state().trace!.inputs).toEqual([1, 1]);
      exhibit.setInputs([1, 0]);
      device.replug();
      await waitFor(() => exhibit.state().boards.find((b) => b.id === 'a0000004')!.online, { timeoutMs: 5000 });
      await waitFor(() => device.ledLevel(0) > 128, { timeoutMs: 3000 });
      expect(exhibit.state().boards.find((b) => b.id === 'a0000004')!.reconnects).toBe(1);
    });

    it('fault: garbage from a board is logged and the board keeps working', async () => {
      const { exhibit, source } = await startExhibit();
      const logs: string[] = [];
      exhibit.on('log', (_l, m) => logs.push(m));
      source.devices.get('a0000001')!.inject('\u0000\u00ff\u0013 BTN 9 9 9\nHELLO x\n');
      await waitFor(() => logs.some((m) => /ignored a line/.test(m)), { timeoutMs: 2000 });
      await click(exhibit, source, 'a0000001', [1, 0]);
      expect(exhibit.state().boards.find((b) => b.id === 'a0000001')!.state).toBe('online');
    });

    it('20 press/release pairs sent back to back are 20 presses: input A toggles 20 times and ends where it began', async () => {
      const { exhibit, source } = await startExhibit();
      const presses: string[] = [];
      exhibit.on('trace', (_trace, from) => {
        if (from.startsWith('button a0000001')) presses.push(from);
      });
      for (let i = 0; i < 20; i++) {
        exhibit.press('a0000001', 0, true);
        exhibit.press('a0000001', 0, false);
      }
      const device = source.devices.get('a0000001')!;
      // 40 moves of 33 ms each in board time; on failure the count below says how many arrived.
      await waitFor(() => device.pendingMoves(0) === 0 && presses.length >= 20, { timeoutMs: 8000 }).catch(() => undefined);
      await waitFor(() => !exhibit.state().boards.find((b) => b.id === 'a0000001')!.channels[0]!.pressed, { timeoutMs: 2000 });
      expect(presses).toHaveLength(20);
      expect(exhibit.state().inputs).toEqual([0, 0]);
    });

    it('a click (press and release at once) is one press: input A on, then off', async () => {
      const { exhibit } = await startExhibit();
      exhibit.click('a0000001');
      await waitFor(() => exhibit.state().inputs.join() === '1,0', { timeoutMs: 5000, what: 'input A on' });
      exhibit.click('a0000001', 0);
      await waitFor(() => exhibit.state().inputs.join() === '0,0', { timeoutMs: 5000, what: 'input A off' });
    });

    it('fault: button mashing on every board (40 presses/s each for 1 s) ends with a consistent state and nothing queued', async () => {
      const { exhibit, source } = await startExhibit();
      let traces = 0;
      exhibit.on('trace', () => (traces += 1));
      for (let i = 0; i < 40; i++) {
        for (const id of ['a0000001', 'a0000002', 'a0000003', 'a0000004']) source.press(id, 0, i % 2 === 0);
        await new Promise((r) => setTimeout(r, 25));
      }
      for (const id of ['a0000001', 'a0000002', 'a0000003', 'a0000004']) source.press(id, 0, false);
      // Every press and release is held long enough to count, so the last ones play out after the loop.
      const ids = ['a0000001', 'a0000002', 'a0000003', 'a0000004'];
      await waitFor(() => ids.every((id) => source.devices.get(id)!.pendingMoves(0) === 0), { timeoutMs: 3000, what: 'the queued presses to play out' });
      await waitFor(() => exhibit.state().boards.every((b) => !b.channels[0]!.pressed), { timeoutMs: 2000 });
      await exhibit.stopTraining();
      // Whatever the inputs ended as, the answer board shows the network's answer for them.
      const inputs = exhibit.state().inputs;
      const expected = (await exhibit.setInputs(inputs)).outputs[0]! >= 0.5;
      await waitFor(() => (source.measuredLevel('a0000004', 0)! > 128) === expected, { timeoutMs: 2000 });
      expect(traces).toBeGreaterThan(0);
      expect(exhibit.state().boards.every((b) => b.online)).toBe(true);
    });
  });
}
