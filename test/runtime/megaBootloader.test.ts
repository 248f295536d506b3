/**
 * Issue 13 item 4: the Mega comes back whatever the host sends. Its stk500v2 bootloader restarts its
 * ~5 s timeout on every byte it receives, so a host that keeps pinging a Mega reset by its button
 * (or a brown-out) holds it in the bootloader. Here the host's own code (BoardSupervisor over
 * SerialNeuronBoard) drives an emulated Mega behind the real stk500v2, with the host's timers and
 * the emulated clock in lockstep (1 ms of each at a time, virtual time).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardSupervisor, type SupervisedState } from '../../src/runtime/boardSupervisor.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import type { SimBoard } from '../../src/sim/avr/simBoard.js';
import { SerialNeuronBoard } from '../../src/transports/serialBoard.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';
import { catalogue } from '../helpers/boards.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const ID = '3f2a91c0';
let registry: SimRegistry | undefined;
let supervisor: BoardSupervisor | undefined;

beforeEach(() => {
  // The host's timers and clocks are fake; setImmediate and nextTick stay real so the serial streams flow.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
});

afterEach(async () => {
  const sup = supervisor;
  supervisor = undefined;
  if (sup) {
    const stopped = sup.stop();
    await step(50);
    await stopped;
  }
  registry?.clear();
  registry = undefined;
  vi.useRealTimers();
});

/** Host time and emulated time advance together, 1 ms at a time. */
async function step(ms: number): Promise<void> {
  for (let t = 0; t < ms; t++) {
    await registry!.clock.runFor(1);
    await vi.advanceTimersByTimeAsync(1);
  }
}

/** Steps until `predicate()` holds; returns the ms it took, or throws after `maxMs`. */
async function stepUntil(predicate: () => boolean, maxMs: number, what: string): Promise<number> {
  for (let t = 0; t <= maxMs; t++) {
    if (predicate()) return t;
    await step(1);
  }
  throw new Error(`${what}: not within ${maxMs} ms`);
}

interface Supervised {
  sim: SimBoard;
  sup: BoardSupervisor;
  states: SupervisedState[];
  logs: string[];
  /** Pings sent, and when (host ms) each answered one came back. */
  pings: () => number;
  /** Pings sent while the board was in its bootloader. */
  intoBootloader: () => number;
  pongs: number[];
}

function megaUnderSupervision(): Supervised {
  registry = nodeSimRegistry({ mode: 'virtual' });
  const reg = registry;
  const sim = reg.create('mega', { id: ID });
  let sent = 0;
  let intoBootloader = 0;
  const pongs: number[] = [];
  const sup = (supervisor = new BoardSupervisor({ scheduler: nodeScheduler,
    catalogue,
    id: ID,
    channels: 1,
    open: async () => {
      const board = new SerialNeuronBoard({ catalogue, path: sim.path, binding: reg.binding, transport: 'sim' });
      const ping = board.ping.bind(board);
      board.ping = () => {
        sent++;
        if (sim.avr.inBootloader) intoBootloader++;
        return ping().then((rtt) => {
          pongs.push(performance.now());
          return rtt;
        });
      };
      await board.open();
      return board;
    },
  }));
  const states: SupervisedState[] = [];
  const logs: string[] = [];
  sup.on('state', (s) => states.push(s));
  sup.on('log', (_level, message) => logs.push(message));
  return { sim, sup, states, logs, pings: () => sent, intoBootloader: () => intoBootloader, pongs };
}

describe('a Mega behind its real stk500v2, with the host pinging throughout', { timeout: 120_000 }, () => {
  it('at open (DTR reset): online within the open budget, through the bootloader', async () => {
    const { sim, sup } = megaUnderSupervision();
    await step(1500); // powered a while before the host opens it
    sup.start();
    await step(5);
    expect(sim.avr.inBootloader).toBe(true);
    const ms = await stepUntil(() => sup.state === 'online', 6000, 'online after open');
    expect(ms).toBeGreaterThan(700); // the bootloader's wait, then BOOT
    expect(sup.identity?.board).toBe('mega');
  });

  for (const cause of ['external', 'brownout'] as const) {
    it(`a reset mid-session (${cause === 'external' ? 'the reset button' : 'a brown-out'}) → online again within 10 s, the board running the sketch`, async () => {
      const { sim, sup, pings, pongs, states, logs, intoBootloader } = megaUnderSupervision();
      await step(1500);
      sup.start();
      await stepUntil(() => sup.state === 'online', 6000, 'online after open');
      await stepUntil(() => pongs.length >= 2, 3000, 'answering pings');
      sup.setLed(0, 200);
      const before = pings();
      const statesBefore = states.length;
      // Mid-session, 600 ms after a ping went out, so the next one lands while the bootloader listens (~840 ms).
      await step(600);
      const resetAt = performance.now();
      sim.reset(cause);
      await step(1);
      expect(sim.avr.inBootloader).toBe(true);
      // Online again: the supervisor is online and the board (its sketch: the bootloader never
      // answers PING) answers a ping sent after the reset.
      const ms = await stepUntil(() => sup.state === 'online' && pongs.some((t) => t > resetAt + 100), 10_000, 'back online after the reset');
      expect(ms).toBeLessThanOrEqual(10_000);
      expect(sim.avr.inBootloader).toBe(false);
      expect(intoBootloader()).toBeGreaterThanOrEqual(1); // the host did talk to the bootloader
      await step(100);
      expect(sim.avr.ledLevel(0)).toBeGreaterThan(190); // its LED restored
      // The bootloader timed out on its own and the sketch's BOOT told the host why it restarted: the
      // host was not left to give up on a silent board and reset it again by reopening the port.
      // (The sketch reports "external" either way: stk500v2 clears MCUSR before starting it.)
      expect(logs).toContain(`board ${ID} rebooted (external); restoring its LEDs`);
      expect(states.slice(statesBefore)).toEqual([]);
      expect(pings()).toBeGreaterThan(before); // the host went on pinging
    });
  }
});
