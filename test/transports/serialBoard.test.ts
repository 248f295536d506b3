import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { ManualClock } from '../helpers/manualClock.js';
import type { FakeBoardOptions } from '../../src/sim/fake/fakeBoard.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../../src/transports/serialBoard.js';
import { waitFor } from './waitFor.js';
import { catalogue, fakeBoard } from '../helpers/boards.js';

const opened: SerialNeuronBoard[] = [];

function setup(fake: Omit<FakeBoardOptions, 'profile' | 'link'> & { board?: string } = {}, timeouts: Partial<BoardTimeouts> = {}, maxQueued?: number) {
  const device = fakeBoard(fake);
  const board = new SerialNeuronBoard({
    catalogue,
    path: device.path,
    binding: device.binding,
    transport: 'fake',
    timeouts: { replyMs: 300, bootWaitMs: 20, openMs: 500, ...timeouts },
    ...(maxQueued === undefined ? {} : { maxQueued }),
  });
  opened.push(board);
  return { device, board };
}

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(opened.splice(0).map((b) => b.close()));
});

describe('SerialNeuronBoard: opening', () => {
  it('sends nothing while the bootloader runs and takes BOOT when the open resets the board (no \\n, no WHO: a Mega\'s stk500v2 would wait ~5 s more per byte)', async () => {
    const { device, board } = setup({ bootDelayMs: 30 }, { bootWaitMs: 400 });
    const identity = await board.open();
    expect(identity).toMatchObject({ board: 'uno', protocol: 1, firmware: '0.1.0', channels: 1, maxChannels: 4 });
    expect(device.hostLines).toEqual([]);
  });

  it('asks WHO when no BOOT comes (a board without auto-reset) and takes HELLO', async () => {
    const { device, board } = setup({ resetOnOpen: false, id: '0badf00d' });
    expect(await board.open()).toMatchObject({ id: '0badf00d' });
    expect(device.hostLines).toEqual(['', 'WHO']);
  });

  it('a silent port (not our firmware) fails with NB_ERR_BOARD_TIMEOUT naming the port and `neuroboard flash`, and is closed', async () => {
    const { device, board } = setup({ resetOnOpen: false });
    device.muted = true;
    const err = await board.open().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NB_ERR_BOARD_TIMEOUT' });
    expect((err as Error).message).toContain(device.path);
    expect((err as Error).message).toContain('neuroboard flash');
    await waitFor(() => !device.isOpen, { what: 'the port to be closed' });
    expect(device.hostLines.filter((l) => l === 'WHO').length).toBeGreaterThanOrEqual(1);
  });

  it('a port that does not exist (unplugged) fails with NB_ERR_PORT_OPEN naming the path', async () => {
    const { device, board } = setup();
    device.unplug();
    await expect(board.open()).rejects.toMatchObject({ code: 'NB_ERR_PORT_OPEN', message: expect.stringContaining(device.path) });
    expect(board.health.online).toBe(false);
  });

  it('a driver whose open never finishes fails with NB_ERR_PORT_OPEN after openMs instead of hanging', async () => {
    const stuck = { open: () => new Promise<never>(() => undefined) };
    const board = new SerialNeuronBoard({ catalogue, path: '/dev/stuck', binding: stuck, timeouts: { openMs: 30 } });
    await expect(board.open()).rejects.toMatchObject({ code: 'NB_ERR_PORT_OPEN', message: expect.stringContaining('/dev/stuck') });
  });

  it('opening twice is refused with NB_ERR_PORT_OPEN; the first link stays up', async () => {
    const { board } = setup();
    await board.open();
    await expect(board.open()).rejects.toMatchObject({ code: 'NB_ERR_PORT_OPEN' });
    expect(await board.ping()).toBeGreaterThanOrEqual(0);
  });

  it('commands before open() reject with NB_ERR_BOARD_OFFLINE', async () => {
    const { board } = setup();
    await expect(board.setLed(0, 1)).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });
  });
});

describe('SerialNeuronBoard: commands and events', () => {
  it('a wedged board (muted) times a command out with NB_ERR_BOARD_TIMEOUT naming the board, the command and the port', async () => {
    const { device, board } = setup();
    const identity = await board.open();
    device.muted = true;
    const err = await board.setLed(0, 5).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NB_ERR_BOARD_TIMEOUT' });
    expect((err as Error).message).toContain(identity.id);
    expect((err as Error).message).toContain('"LED 0 5"');
    expect((err as Error).message).toContain(device.path);
    device.muted = false;
    expect(await board.ping()).toBeGreaterThanOrEqual(0);
  });

  it('ERR CHANNEL is explained: NB_ERR_BOARD_ERROR_REPLY says which line and what to do', async () => {
    const { board } = setup();
    await board.open();
    await expect(board.fire(3)).rejects.toMatchObject({
      code: 'NB_ERR_BOARD_ERROR_REPLY',
      message: expect.stringMatching(/ERR CHANNEL to "FIRE 3 150".*channel is not in use/),
    });
  });

  it('out-of-range arguments (level 256, fractional, channel -1, pulse 0) reject NB_ERR_INVALID_ARGUMENT without sending', async () => {
    const { device, board } = setup();
    await board.open();
    for (const bad of [board.setLed(0, 256), board.setLed(0, 0.5), board.setLed(-1, 3), board.fire(0, 0)]) {
      await expect(bad).rejects.toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT' });
    }
    expect(device.hostLines).toEqual([]);
  });

  it('200 LED levels sent at once on 2 channels are coalesced: few lines reach the board, every call resolves, the last level wins', async () => {
    const { device, board } = setup({ channels: 2 });
    await board.open();
    const calls = [];
    for (let i = 0; i < 100; i++) calls.push(board.setLed(0, i), board.setLed(1, 255 - i));
    await Promise.all(calls);
    expect(device.levels.slice(0, 2)).toEqual([99, 156]);
    expect(device.hostLines.filter((l) => l.startsWith('LED')).length).toBeLessThan(20);
  });

  it('more pings than maxQueued at once: the excess rejects NB_ERR_BOARD_BUSY, the rest are answered', async () => {
    const { board } = setup({}, {}, 4);
    await board.open();
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => board.ping()));
    const busy = results.filter((r) => r.status === 'rejected' && isNbError(r.reason, 'NB_ERR_BOARD_BUSY'));
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(busy.length).toBeGreaterThan(0);
    expect(ok.length + busy.length).toBe(30);
  });

  it('readState, setChannels and setId round-trip through the board', async () => {
    const { device, board } = setup({ board: 'mega' });
    await board.open();
    await board.setChannels(3);
    await board.setId('c0ffee00');
    expect(board.identity).toMatchObject({ id: 'c0ffee00', channels: 3 });
    await board.setLed(2, 64);
    expect(await board.readState(2)).toEqual({ level: 64, pressed: false });
    expect(device.id).toBe('c0ffee00');
  });

  it('an unsolicited BOOT (watchdog reset) gives a boot event with the identity and the cause; the link keeps working', async () => {
    const { device, board } = setup();
    await board.open();
    const boots: [string, string][] = [];
    board.on('boot', (identity, cause) => boots.push([identity.id, cause]));
    await board.setLed(0, 80);
    device.reset('watchdog');
    await waitFor(() => boots.length === 1, { what: 'the boot event' });
    expect(boots).toEqual([[device.id, 'watchdog']]);
    expect(device.levels[0]).toBe(0);
    await board.setLed(0, 80);
    expect(device.levels[0]).toBe(80);
  });

  it('IDLE from the silence watchdog gives an idle event; BTN gives button events with the board clock', async () => {
    const clock = new ManualClock(0);
    const { device, board } = setup({ clock, resetOnOpen: false });
    await board.open();
    const events: string[] = [];
    board.on('idle', () => events.push('idle'));
    board.on('button', (e) => events.push(`btn ${e.channel} ${e.pressed} ${e.boardMs}`));
    clock.advance(100);
    device.press(0);
    clock.advance(20);
    clock.advance(5000);
    await waitFor(() => events.length === 2, { what: 'button and idle events' });
    expect(events).toEqual(['btn 0 true 120', 'idle']);
  });

  it('a half line glued to a reply by noise is garbage, the command times out, and the next command works (resync)', async () => {
    const { device, board } = setup();
    await board.open();
    const garbage: string[] = [];
    board.on('garbage', (line) => garbage.push(line));
    device.inject('XX'); // no \n: glued to the next line the board prints
    await expect(board.ping()).rejects.toMatchObject({ code: 'NB_ERR_BOARD_TIMEOUT' });
    expect(garbage[0]).toMatch(/^XXPONG /);
    expect(await board.ping()).toBeGreaterThanOrEqual(0);
  });

  it('unplugged: no timer is left behind (fake timers count zero) and the close event carries NB_ERR_BOARD_OFFLINE', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const { device, board } = setup({}, { replyMs: 60_000, bootWaitMs: 60_000, openMs: 60_000 });
    const closed: unknown[] = [];
    board.on('close', (err) => closed.push(err));
    await board.open();
    const pending = [board.setLed(0, 1), board.ping(), board.fire(0, 10)];
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    device.unplug();
    const results = await Promise.allSettled(pending);
    expect(results.every((r) => r.status === 'rejected' && isNbError(r.reason, 'NB_ERR_BOARD_OFFLINE'))).toBe(true);
    for (let i = 0; i < 20 && closed.length === 0; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('health: online while open, lastSeenMs from any line, rttMs from the last ping', async () => {
    const { board } = setup();
    expect(board.health).toEqual({ online: false, lastSeenMs: null, lastSeenAt: null, rttMs: null });
    await board.open();
    const seen = board.health.lastSeenMs;
    expect(seen).not.toBeNull();
    const rtt = await board.ping();
    expect(board.health).toMatchObject({ online: true, rttMs: rtt });
    await board.close();
    expect(board.health.online).toBe(false);
  });
});
