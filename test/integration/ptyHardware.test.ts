/**
 * The hardware path with no hardware: the XOR exhibit on HardwareBoardSource and the real serialport
 * binding (bindings-cpp, termios, the kernel's tty layer), each board the committed firmware in the
 * emulator behind a pseudo-terminal pair (test/helpers/ptyBoard.ts). Ports are listed in an order
 * that matches no board, so each is found by the id it answers WHO with. Faults tried: a board yanked
 * while the exhibit runs (its tty vanishes, as a USB device node does) and plugged back in, and a
 * board that is not in the rig on one of the ports; and the johnny-five path on StandardFirmata,
 * yanked mid-session (the native binding's error must not escape johnny-five or firmata-io).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { HardwareBoardSource } from '../../src/runtime/sources/hardwareSource.js';
import { firmataHex } from '../../src/hosts/node/firmataHex.js';
import { nodeSimClock } from '../../src/hosts/node/simBoards.js';
import { FirmataNeuronBoard } from '../../src/hosts/node/firmataBoard.js';
import { openPtyBoard, type PtyBoard } from '../helpers/ptyBoard.js';
import { waitFor } from '../transports/waitFor.js';
import { nativeSerialBinding } from '../../src/hosts/node/serialportBindings.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeHardwareSource } from '../../src/hosts/node/boardSources.js';

const dir = mkdtempSync(join(tmpdir(), 'nb-pty-'));
const clock = nodeSimClock({ mode: 'realtime' });
const boards = new Map<string, PtyBoard>();
const logs: string[] = [];
let exhibit: Exhibit;

beforeAll(async () => {
  // Port names in an order unrelated to the ids, and a stranger among them.
  for (const [name, id, channels] of [
    ['ttyACM0', 'a0000004', 1],
    ['ttyACM1', 'deadbeef', 1],
    ['ttyACM2', 'a0000003', 3],
    ['ttyUSB0', 'a0000001', 1],
    ['ttyUSB1', 'a0000002', 1],
  ] as const) {
    boards.set(id, await openPtyBoard({ dir, name, id, channels, clock }));
  }
  const loaded = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
  const rig = { ...loaded, cascade: { ...loaded.cascade, stepDelayMs: 0 } };
  const source = nodeHardwareSource({
    rig,
    // What the system lists: the tty paths that exist right now (a yanked one is gone).
    listPorts: async () => [...boards.values()].filter((b) => existsSync(b.hostPath)).map((b) => ({ path: b.hostPath, likely: true })),
    log: (level, message) => logs.push(`${level} ${message}`),
    // No DTR on a pty, so no BOOT at open: ask WHO soon instead of after a real Uno's 2.5 s.
    timeouts: { bootWaitMs: 300 },
  });
  exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
  exhibit.on('log', (level, message) => logs.push(`${level} ${message}`));
  exhibit.start();
}, 30_000);

afterAll(async () => {
  await exhibit?.stop();
  for (const b of boards.values()) await b.close();
  clock.stop();
  rmSync(dir, { recursive: true, force: true });
});

const answer = () => boards.get('a0000004')!.avr.ledLevel(0);
const board = (id: string) => exhibit.state().boards.find((b) => b.id === id)!;

/** Holds the button for 60 ms of the board's own time: a starved machine may run the emulator late, never short. */
async function click(id: string): Promise<void> {
  const avr = boards.get(id)!.avr;
  const pressedAt = avr.timeMs;
  avr.press(0);
  await waitFor(() => avr.timeMs - pressedAt >= 60, { timeoutMs: 10_000, what: `60 ms of ${id}'s emulated time` });
  avr.release(0);
}

describe('the XOR exhibit over real ttys (bindings-cpp) to the firmware in the emulator', () => {
  it('finds every rig board by id on shuffled ports and reports the stranger', async () => {
    await waitFor(() => !exhibit.trainingStatus.running && exhibit.state().boards.every((b) => b.online), {
      timeoutMs: 20_000,
      what: `all online: ${exhibit.state().boards.map((b) => `${b.id} ${b.state}`).join(', ')}`,
    });
    expect(board('a0000003').path).toBe(boards.get('a0000003')!.hostPath);
    expect(board('a0000004').path).toBe(boards.get('a0000004')!.hostPath);
    expect(logs.join('\n')).toMatch(/deadbeef.*not in (the|this) rig|not in (the|this) rig.*deadbeef/);
  }, 30_000);

  it('buttons in the emulator drive the answer LED as XOR says', async () => {
    await click('a0000001');
    await waitFor(() => exhibit.state().inputs.join() === '1,0', { timeoutMs: 3000, what: 'input A on' });
    await waitFor(() => answer() > 128, { timeoutMs: 3000, what: `answer lit (${answer()})` });
    await click('a0000002');
    await waitFor(() => exhibit.state().inputs.join() === '1,1', { timeoutMs: 3000, what: 'input B on' });
    await waitFor(() => answer() < 30, { timeoutMs: 3000, what: `answer dark (${answer()})` });
  });

  it('a yanked hidden board goes offline, the rest keeps working, and it comes back with its LEDs', async () => {
    const hidden = boards.get('a0000003')!;
    const before = board('a0000003').channels.map((c) => c.ledLevel);
    await hidden.unplug();
    await waitFor(() => !board('a0000003').online, { timeoutMs: 5000, what: 'hidden board offline' });
    await click('a0000002'); // inputs [1, 0]: the answer lights without the hidden board online
    await waitFor(() => answer() > 128, { timeoutMs: 3000, what: `answer lit while the hidden board is away (${answer()})` });
    await hidden.replug();
    await waitFor(() => board('a0000003').online, { timeoutMs: 15_000, what: `hidden board back (${board('a0000003').state})` });
    // The pass while it was away changed what its LEDs should show (the board itself kept the old levels:
    // a pty carries no DTR, so nothing reset it); on return it shows the new ones.
    const after = board('a0000003').channels.map((c) => c.ledLevel);
    expect(after.some((level, i) => Math.abs(level - before[i]!) > 10), `levels before ${before}, after ${after}`).toBe(true);
    for (const c of board('a0000003').channels) {
      await waitFor(() => Math.abs(hidden.avr.ledLevel(c.channel) - c.ledLevel) <= 3, {
        timeoutMs: 3000,
        what: `hidden channel ${c.channel}: measured ${hidden.avr.ledLevel(c.channel)}, sent ${c.ledLevel}`,
      });
    }
    expect(board('a0000003').reconnects).toBeGreaterThanOrEqual(1);
  }, 30_000);
});

describe('a StandardFirmata board over a real tty (johnny-five on the native binding)', () => {
  it('handshakes, drives a PWM level and reads the button; yanked, it reports close and nothing throws', async () => {
    const hex = await firmataHex('uno', { timeoutMs: 50_000 });
    const pty = await openPtyBoard({ dir, name: 'firmata', id: 'f0000001', clock, firmware: hex, baudRate: 57600 });
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    const firmata = new FirmataNeuronBoard({
      path: pty.hostPath,
      binding: await nativeSerialBinding(),
      id: 'f0000001',
      ledPins: [9],
      buttonPins: [2],
      readyTimeoutMs: 15_000,
    });
    try {
      await firmata.open();
      await firmata.setLed(0, 200);
      await waitFor(() => Math.abs(pty.avr.ledLevel(0) - 200) <= 8, { timeoutMs: 3000, what: `PWM 200 (${pty.avr.ledLevel(0)})` });
      const presses: boolean[] = [];
      firmata.on('button', (e) => presses.push(e.pressed));
      pty.avr.press(0);
      await waitFor(() => presses.length >= 1, { timeoutMs: 3000, what: 'press reported' });
      const closed = new Promise<void>((resolve) => firmata.once('close', () => resolve()));
      await pty.unplug();
      await closed;
      await expect(firmata.setLed(0, 10)).rejects.toThrow(/offline/);
      await new Promise((resolve) => setTimeout(resolve, 200)); // late errors from the dead tty, if any
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await firmata.close();
      await pty.close();
    }
  }, 60_000);
});
