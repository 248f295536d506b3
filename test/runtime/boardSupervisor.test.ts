import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NbError } from '../../src/core/errors.js';
import { BoardSupervisor, type SupervisedState } from '../../src/runtime/boardSupervisor.js';
import { ScriptedBoard } from '../helpers/scriptedBoard.js';
import { catalogue } from '../helpers/boards.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const ID = 'a0000003';

function supervised(open: () => Promise<ScriptedBoard>) {
  const sup = new BoardSupervisor({ scheduler: nodeScheduler, catalogue, id: ID, channels: 3, open });
  const states: SupervisedState[] = [];
  const logs: string[] = [];
  sup.on('state', (s) => states.push(s));
  sup.on('log', (_level, message) => logs.push(message));
  return { sup, states, logs };
}

/** A started supervisor whose every open makes a new board (kept in `boards`, oldest first). */
async function startedWithFreshBoards() {
  const boards: ScriptedBoard[] = [];
  const { sup } = supervised(async () => {
    const b = new ScriptedBoard(ID);
    boards.push(b);
    return b;
  });
  sup.start();
  await vi.advanceTimersByTimeAsync(0);
  return { sup, boards };
}

describe('BoardSupervisor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('opens the board, goes online and sends it every channel level', async () => {
    const board = new ScriptedBoard(ID);
    const { sup, states } = supervised(async () => board);
    sup.setLed(1, 200); // set before it is online: kept and sent on connect
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['connecting', 'online']);
    expect(board.leds).toEqual([0, 200, 0]);
    await sup.stop();
  });

  it('fault: board yanked mid-write → offline at once, reopened with backoff, LEDs restored', async () => {
    let board = new ScriptedBoard(ID);
    let available = true;
    const { sup, states } = supervised(async () => {
      if (!available) throw new Error('no such port');
      board = new ScriptedBoard(ID);
      return board;
    });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    sup.setLed(0, 10);
    sup.setLed(2, 99);
    available = false;
    board.yank();
    sup.setLed(1, 50); // written while it is gone: remembered, not thrown
    expect(sup.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(2000); // several failed reopens with growing backoff
    expect(states.filter((s) => s === 'connecting').length).toBeGreaterThanOrEqual(3);
    available = true;
    await vi.advanceTimersByTimeAsync(5000);
    expect(sup.state).toBe('online');
    expect(board.leds).toEqual([10, 50, 99]);
    expect(sup.reconnects).toBe(1);
    await sup.stop();
  });

  it('fault: board goes silent (no pongs) → offline within the silence bound, then reopened', async () => {
    const { sup, boards } = await startedWithFreshBoards();
    boards[0]!.answering = false;
    await vi.advanceTimersByTimeAsync(sup.timing.silentAfterMs + sup.timing.pingIntervalMs);
    expect(boards[0]!.closed).toBe(true);
    await vi.advanceTimersByTimeAsync(sup.timing.backoffInitialMs);
    expect(sup.state).toBe('online');
    expect(boards).toHaveLength(2);
    await sup.stop();
  });

  it('fault: the wall clock jumps (NTP at boot, or set back by hand) → no false silence, and a silent board is still caught', async () => {
    const { sup, boards } = await startedWithFreshBoards();
    vi.setSystemTime(Date.now() + 3 * 86_400_000); // three days forward, as a Pi without a clock battery does
    await vi.advanceTimersByTimeAsync(sup.timing.silentAfterMs + sup.timing.pingIntervalMs);
    expect(boards).toHaveLength(1);
    expect(sup.state).toBe('online');
    vi.setSystemTime(Date.now() - 3_600_000); // an hour back
    boards[0]!.answering = false;
    await vi.advanceTimersByTimeAsync(sup.timing.silentAfterMs + sup.timing.pingIntervalMs);
    expect(boards[0]!.closed).toBe(true);
    await sup.stop();
  });

  it('fault: board reboots by itself (watchdog) → its LEDs are sent again', async () => {
    const board = new ScriptedBoard(ID);
    const { sup } = supervised(async () => board);
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    sup.setLed(0, 77);
    board.leds.length = 0; // the reboot darkened it
    board.emit('boot', board.identity, 'watchdog');
    await vi.advanceTimersByTimeAsync(0);
    expect(board.leds[0]).toBe(77);
    await sup.stop();
  });

  it('fault: a Mega misses one reply (a garbled PONG) → the host holds back for its bootloader; levels set meanwhile reach the board when the quiet ends', async () => {
    const board = new ScriptedBoard(ID);
    board.identity = { ...board.identity!, board: 'mega' };
    const { sup, logs } = supervised(async () => board);
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    sup.setLed(1, 211);
    board.answering = false;
    await vi.advanceTimersByTimeAsync(sup.timing.pingIntervalMs); // one ping lost: the quiet starts
    board.answering = true;
    expect(logs.join('\n')).toMatch(/sending nothing for 5 s/);
    sup.setLed(1, 0); // the network moved on while the host held back
    expect(board.leds[1]).toBe(211);
    await vi.advanceTimersByTimeAsync(5000 + sup.timing.pingIntervalMs);
    expect(sup.state).toBe('online');
    expect(board.leds[1]).toBe(0); // before the fix: still 211 for good (the soak's "showing 211 instead of 0")
    await sup.stop();
  });

  it('fault: a Mega misses one reply after its reply timeout → the levels held back go out as the quiet ends, not at the next ping', async () => {
    const board = new ScriptedBoard(ID);
    board.identity = { ...board.identity!, board: 'mega' };
    const { sup } = supervised(async () => board);
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    sup.setLed(1, 211);
    const ping = board.ping.bind(board);
    // a real ping gives up after its reply timeout, so the quiet ends between two pings
    board.ping = () => new Promise((_, reject) => setTimeout(() => reject(new NbError('NB_ERR_BOARD_TIMEOUT', `${board.path}: no PONG`)), 300));
    await vi.advanceTimersByTimeAsync(sup.timing.pingIntervalMs + 300); // the quiet starts 300 ms after the ping
    board.ping = ping;
    sup.setLed(1, 0);
    await vi.advanceTimersByTimeAsync(5000 - 1);
    expect(board.leds[1]).toBe(211); // still quiet
    await vi.advanceTimersByTimeAsync(20);
    expect(board.leds[1]).toBe(0); // before: 211 until the next ping, 700 ms later (the soak's "for 5116 ms")
    expect(sup.state).toBe('online');
    await sup.stop();
  });

  it('fault: an LED command garbled on the way (the board answers ERR NOISE) is sent again at the next health check', async () => {
    const board = new ScriptedBoard(ID);
    const { sup, logs } = supervised(async () => board);
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    const setLed = board.setLed.bind(board);
    let refuse = 1;
    board.setLed = async (channel, level) => {
      if (refuse-- > 0) throw new NbError('NB_ERR_BOARD_ERROR_REPLY', `${board.path} answered ERR NOISE to "LED ${channel} ${level}"`);
      return setLed(channel, level);
    };
    sup.setLed(2, 180);
    await vi.advanceTimersByTimeAsync(0);
    expect(board.leds[2]).toBe(0); // not shown yet; before the fix it stayed so until the next change
    expect(logs.join('\n')).toMatch(/ERR NOISE/);
    await vi.advanceTimersByTimeAsync(sup.timing.pingIntervalMs);
    expect(board.leds[2]).toBe(180);
    await sup.stop();
  });

  it('fault: a board that refuses one channel every time gets it 3 more times, then no more (no retry for ever)', async () => {
    const board = new ScriptedBoard(ID);
    const { sup } = supervised(async () => board);
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    let tries = 0;
    board.setLed = async () => {
      tries++;
      throw new NbError('NB_ERR_BOARD_ERROR_REPLY', `${board.path} answered ERR CHANNEL`);
    };
    sup.setLed(1, 99);
    await vi.advanceTimersByTimeAsync(10 * sup.timing.pingIntervalMs);
    expect(tries).toBe(4);
    expect(sup.state).toBe('online');
    await sup.stop();
  });

  it('fault: a different board appears on the port → not used, reported', async () => {
    const { sup, logs } = supervised(async () => new ScriptedBoard('deadbeef', '/dev/ttyACM0'));
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.state).not.toBe('online');
    expect(logs.join('\n')).toMatch(/answered as board deadbeef, not a0000003/);
    await sup.stop();
  });

  it('fault: a board that floods garbage is quarantined, then reopened after the quarantine', async () => {
    const boards: ScriptedBoard[] = [];
    const { sup, logs } = supervised(async () => {
      const b = new ScriptedBoard(ID);
      boards.push(b);
      return b;
    });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 25; i++) boards[0]!.emit('garbage', '\u0000\u00ff#%', 'not a protocol line');
    expect(sup.state).toBe('quarantined');
    expect(logs.join('\n')).toMatch(/quarantined for 30 s/);
    await vi.advanceTimersByTimeAsync(sup.timing.quarantineMs);
    expect(sup.state).toBe('online');
    await sup.stop();
  });

  it('forwards button events and stops cleanly (no timers left)', async () => {
    const board = new ScriptedBoard(ID);
    const { sup } = supervised(async () => board);
    const presses: boolean[] = [];
    sup.on('button', (e) => presses.push(e.pressed));
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    board.emit('button', { channel: 0, pressed: true, boardMs: 5 });
    expect(presses).toEqual([true]);
    await sup.stop();
    expect(board.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
