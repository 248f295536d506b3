/**
 * The johnny-five path: FirmataNeuronBoard (Board + Led + Button) against the real StandardFirmata
 * running in the emulator, reached through SimBinding like a serial port. Faults tried: the board
 * yanked while connected (close is reported, a new connection works after replug), and closed or
 * yanked connections are not kept by johnny-five's module-level collections (a leak, fixed).
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import five from 'johnny-five';
import { beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { SimBoardSource } from '../../src/runtime/sources/simSource.js';
import { firmataHex } from '../../src/hosts/node/firmataHex.js';
import { FirmataNeuronBoard } from '../../src/hosts/node/firmataBoard.js';
import { waitFor } from '../transports/waitFor.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';
import { catalogue } from '../helpers/boards.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeSimSource } from '../../src/hosts/node/boardSources.js';

/** A full GC without --expose-gc on the command line (the flag is set, then a fresh context exposes gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

let hex = '';
beforeAll(async () => {
  hex = await firmataHex('uno', { timeoutMs: 50_000 });
}, 60_000);

function rig() {
  const registry = nodeSimRegistry({ mode: 'realtime' });
  const sim = registry.create('uno', { firmware: hex, path: 'sim:uno:firmata' });
  registry.clock.start();
  const profile = catalogue.get('uno');
  const open = async () => {
    const board = new FirmataNeuronBoard({
      path: sim.path,
      binding: registry.binding,
      id: 'f0000001',
      ledPins: profile.channels.ledPins.slice(0, 2),
      buttonPins: profile.channels.buttonPins.slice(0, 2),
      readyTimeoutMs: 15_000,
    });
    await board.open();
    return board;
  };
  return { registry, sim, open };
}

describe('FirmataNeuronBoard on StandardFirmata in the emulator', () => {
  it('handshakes, sets PWM levels the pin shows, pulses, pings, and reports button presses', async () => {
    const { registry, sim, open } = rig();
    const board = await open();
    try {
      expect(board.identity).toMatchObject({ id: 'f0000001', board: 'firmata', channels: 2 });
      expect(board.identity!.firmware).toMatch(/StandardFirmata/);
      await board.setLed(0, 128);
      await waitFor(() => Math.abs(sim.ledLevel(0) - 128) <= 8, { timeoutMs: 3000, what: `duty ${sim.ledLevel(0)}` });
      await board.setLed(1, 255);
      await waitFor(() => sim.ledLevel(1) >= 250, { timeoutMs: 3000 });
      // A long pulse, so a busy machine polling late still sees it.
      await board.fire(0, 1500);
      await waitFor(() => sim.avr.ledLevel(0, 5) >= 250, { timeoutMs: 1500, what: 'fire pulse' });
      await waitFor(() => Math.abs(sim.ledLevel(0) - 128) <= 8, { timeoutMs: 3000, what: 'back to its level' });
      expect(await board.ping()).toBeGreaterThan(0);
      const presses: boolean[] = [];
      board.on('button', (e) => presses.push(e.pressed));
      sim.press(1);
      await waitFor(() => presses.length >= 1, { timeoutMs: 3000, what: 'press' });
      sim.release(1);
      await waitFor(() => presses.length >= 2, { timeoutMs: 3000, what: 'release' });
      expect(presses).toEqual([true, false]);
    } finally {
      await board.close();
      registry.clear();
    }
  }, 60_000);

  it('fault: yanked while connected → close reported; after replug a new connection works', async () => {
    const { registry, sim, open } = rig();
    const board = await open();
    let closed: Error | undefined;
    board.on('close', (err) => (closed = err ?? new Error('clean')));
    sim.unplug();
    await waitFor(() => closed !== undefined, { timeoutMs: 3000 });
    await expect(board.setLed(0, 10)).rejects.toThrow(/offline/);
    sim.replug();
    const again = await open();
    await again.setLed(0, 255);
    await waitFor(() => sim.ledLevel(0) >= 250, { timeoutMs: 3000 });
    await again.close();
    registry.clear();
  }, 60_000);

  it('a closed or yanked connection is let go: off johnny-five\'s Board cache, its Firmata collected', async () => {
    const { registry, sim, open } = rig();
    const cachedBefore = five.Board.cache.length;
    const connections: WeakRef<object>[] = [];
    for (const yank of [true, false]) {
      const board = await open();
      // Reaching into the private field is the point: nothing public may keep the connection alive.
      connections.push(new WeakRef((board as unknown as { io: object }).io));
      if (yank) {
        // Resolved with nothing: the close error's stack frames hold the port until its stack is read.
        const closed = new Promise<void>((resolve) => board.once('close', () => resolve()));
        sim.unplug();
        await closed;
        sim.replug();
      } else {
        await board.close();
      }
    }
    expect(five.Board.cache.length).toBe(cachedBefore);
    await new Promise((resolve) => setTimeout(resolve, 50));
    collectGarbage();
    expect(connections.map((c) => c.deref() === undefined)).toEqual([true, true]);
    registry.clear();
  }, 60_000);
});

describe('an exhibit with a Firmata board among our own', () => {
  it('a StandardFirmata input board (johnny-five) drives the XOR answer on a board running our firmware', async () => {
    const loaded = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
    const rig = {
      ...loaded,
      cascade: { ...loaded.cascade, stepDelayMs: 0 },
      boards: loaded.boards.map((b) => (b.id === 'a0000001' ? { ...b, transport: 'firmata' as const } : b)),
    };
    const source = nodeSimSource(rig);
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
    exhibit.start();
    try {
      await waitFor(() => !exhibit.trainingStatus.running && exhibit.state().boards.every((b) => b.online), { timeoutMs: 20_000 });
      expect(exhibit.state().boards[0]).toMatchObject({ transport: 'firmata', online: true });
      source.press('a0000001', 0, true);
      await waitFor(() => exhibit.state().inputs.join() === '1,0', { timeoutMs: 3000, what: 'firmata press toggles input A' });
      source.press('a0000001', 0, false);
      await waitFor(() => source.measuredLevel('a0000004', 0)! > 128, { timeoutMs: 3000, what: 'answer lit' });
      await waitFor(() => source.measuredLevel('a0000001', 0)! > 200, { timeoutMs: 3000, what: 'input A lit via Firmata PWM' });
    } finally {
      await exhibit.stop();
    }
  }, 60_000);
});
