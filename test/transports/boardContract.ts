/**
 * What every NeuronBoard must do, whatever carries it. Run it against a transport with
 * `describeBoardContract(name, factory)`; the factory gives a fresh, unopened board and a handle on the
 * device at the far end of its link (the fake board, or the firmware running in the emulator, where
 * `ledLevel` is a measured PWM duty). Device methods may be async. Tests wait on conditions, never on
 * fixed sleeps, and assert no timing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { MAX_CHANNELS_ANY_BOARD, PROTOCOL_VERSION } from '../../src/protocol/index.js';
import type { ButtonEvent, NeuronBoard } from '../../src/transports/board.js';
import { waitFor } from './waitFor.js';

export interface ContractDevice {
  press(channel: number): void | Promise<void>;
  release(channel: number): void | Promise<void>;
  /** The level the LED shows now, 0–255. */
  ledLevel(channel: number): number | Promise<number>;
  /** Yanks the cable: the host's port must error or close. */
  unplug(): void | Promise<void>;
  replug(): void | Promise<void>;
  /** Sends raw text from the board to the host, as is. */
  inject(text: string): void | Promise<void>;
}

export interface ContractRig {
  board: NeuronBoard;
  device: ContractDevice;
  /** Frees whatever the factory made (emulator threads…); the board itself is closed by the suite. */
  dispose?(): void | Promise<void>;
}

export interface ContractOptions {
  /** How far a measured LED level may be from the level set (PWM measurement); default 0. */
  ledTolerance?: number;
  /** A board whose firmware announces another protocol version, if the transport can make one. */
  wrongProtocolFactory?: () => ContractRig | Promise<ContractRig>;
  /** Ceiling for each wait; default 3000 ms. */
  waitMs?: number;
}

/** Rejections from the code under test that nobody handled, collected while a test runs. */
function trackUnhandledRejections(): { reasons: unknown[]; stop(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => reasons.push(reason);
  process.on('unhandledRejection', listener);
  return { reasons, stop: () => process.off('unhandledRejection', listener) };
}

export function describeBoardContract(name: string, factory: () => ContractRig | Promise<ContractRig>, options: ContractOptions = {}): void {
  const tolerance = options.ledTolerance ?? 0;
  const waitMs = options.waitMs ?? 3000;

  describe(`NeuronBoard contract: ${name}`, () => {
    let rig: ContractRig;
    let board: NeuronBoard;
    let unhandled: ReturnType<typeof trackUnhandledRejections>;

    beforeEach(async () => {
      unhandled = trackUnhandledRejections();
      rig = await factory();
      board = rig.board;
    });

    afterEach(async () => {
      await board.close();
      await rig.dispose?.();
      // Let any late rejection surface before checking.
      await new Promise((resolve) => setImmediate(resolve));
      unhandled.stop();
      expect(unhandled.reasons).toEqual([]);
    });

    const levelNear = (channel: number, level: number) => async () => Math.abs((await rig.device.ledLevel(channel)) - level) <= tolerance;

    it('opens and reports its identity (BOOT after the port-open reset, or HELLO to WHO)', async () => {
      const identity = await board.open();
      expect(identity.id).toMatch(/^[0-9a-f]{8}$/);
      expect(identity.protocol).toBe(PROTOCOL_VERSION);
      expect(identity.channels).toBeGreaterThanOrEqual(1);
      expect(identity.channels).toBeLessThanOrEqual(identity.maxChannels);
      expect(board.identity).toEqual(identity);
      expect(board.health.online).toBe(true);
      expect(board.health.lastSeenMs).not.toBeNull();
    });

    it('sets LED levels (off, half, full) and the device shows each', async () => {
      await board.open();
      for (const level of [200, 0, 128, 255]) {
        await board.setLed(0, level);
        await waitFor(levelNear(0, level), { timeoutMs: waitMs, what: `LED 0 showing ${level}` });
      }
    });

    it('fires a pulse: full brightness, then back to the set level', async () => {
      await board.open();
      await board.setLed(0, 20);
      await waitFor(levelNear(0, 20), { timeoutMs: waitMs, what: 'LED 0 at 20 before the pulse' });
      await board.fire(0, 400);
      await waitFor(levelNear(0, 255), { timeoutMs: waitMs, what: 'LED 0 at full during the pulse' });
      await waitFor(levelNear(0, 20), { timeoutMs: waitMs, what: 'LED 0 back at 20 after the pulse' });
    });

    it('a press and a release give exactly one pressed then one released event', async () => {
      await board.open();
      const events: ButtonEvent[] = [];
      board.on('button', (e) => events.push(e));
      await rig.device.press(0);
      await waitFor(() => events.length >= 1, { timeoutMs: waitMs, what: 'the pressed event' });
      await rig.device.release(0);
      await waitFor(() => events.length >= 2, { timeoutMs: waitMs, what: 'the released event' });
      await board.ping(); // anything the board sent before its PONG has arrived by now
      expect(events.map((e) => [e.channel, e.pressed])).toEqual([
        [0, true],
        [0, false],
      ]);
      expect(events[1]!.boardMs).toBeGreaterThanOrEqual(events[0]!.boardMs);
    });

    it('ping reports a round-trip time and keeps health current', async () => {
      await board.open();
      const rtt = await board.ping();
      expect(rtt).toBeGreaterThanOrEqual(0);
      expect(board.health.rttMs).toBe(rtt);
      expect(await board.ping()).toBeGreaterThanOrEqual(0);
    });

    it('garbage from the board (noise bytes, an overlong line, unknown verbs, a stray reply) gives garbage events, and the board still answers', async () => {
      await board.open();
      const garbage: string[] = [];
      board.on('garbage', (line) => garbage.push(line));
      await rig.device.inject(`\x00\xff\x07noise\n${'X'.repeat(500)}\nHELLO WORLD\nled 0 1\nOK LED\n`);
      await waitFor(() => garbage.length >= 5, { timeoutMs: waitMs, what: 'five garbage events' });
      expect(await board.ping()).toBeGreaterThanOrEqual(0);
      await board.setLed(0, 77);
      await waitFor(levelNear(0, 77), { timeoutMs: waitMs, what: 'LED 0 at 77 after the garbage' });
    });

    it('an ERR reply (LED on a channel not in use) rejects with NB_ERR_BOARD_ERROR_REPLY and the link stays up', async () => {
      const identity = await board.open();
      const channel = identity.channels;
      const expected = channel < MAX_CHANNELS_ANY_BOARD ? 'NB_ERR_BOARD_ERROR_REPLY' : 'NB_ERR_INVALID_ARGUMENT';
      await expect(board.setLed(channel, 1)).rejects.toMatchObject({ code: expected });
      await expect(board.setLed(0, 300)).rejects.toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT' });
      expect(await board.ping()).toBeGreaterThanOrEqual(0);
    });

    it('unplugged mid-write: pending commands reject NB_ERR_BOARD_OFFLINE, close is emitted with the error, later writes reject, replug reopens', async () => {
      await board.open();
      const closed: (Error | undefined)[] = [];
      board.on('close', (err) => closed.push(err));
      const pending = [board.setLed(0, 10), board.fire(0, 100), board.ping(), board.setLed(0, 99), board.idle()];
      await rig.device.unplug();
      const results = await Promise.allSettled(pending);
      for (const r of results) if (r.status === 'rejected') expect(isNbError(r.reason, 'NB_ERR_BOARD_OFFLINE')).toBe(true);
      await waitFor(() => closed.length > 0, { timeoutMs: waitMs, what: 'the close event' });
      expect(closed).toHaveLength(1);
      expect(isNbError(closed[0], 'NB_ERR_BOARD_OFFLINE')).toBe(true);
      expect(board.health.online).toBe(false);
      await expect(board.setLed(0, 1)).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });
      await expect(board.ping()).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });

      await rig.device.replug();
      const again = await board.open();
      expect(again.protocol).toBe(PROTOCOL_VERSION);
      await board.setLed(0, 42);
      await waitFor(levelNear(0, 42), { timeoutMs: waitMs, what: 'LED 0 at 42 after replug' });
    });

    it('a board announcing another protocol version (BOOT 2 injected) is refused with NB_ERR_PROTOCOL_VERSION telling to flash it', async () => {
      await board.open();
      const closed: (Error | undefined)[] = [];
      board.on('close', (err) => closed.push(err));
      await rig.device.inject('BOOT 2 9.0.0 uno 3f2a91c0 1 4 external\n');
      await waitFor(() => closed.length > 0, { timeoutMs: waitMs, what: 'the close event' });
      expect(closed[0]).toMatchObject({ code: 'NB_ERR_PROTOCOL_VERSION' });
      expect(closed[0]?.message).toMatch(/neuroboard flash/);
      await expect(board.setLed(0, 1)).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });
    });

    if (options.wrongProtocolFactory) {
      const wrong = options.wrongProtocolFactory;
      it('opening a board whose firmware speaks another protocol version rejects with NB_ERR_PROTOCOL_VERSION', async () => {
        const other = await wrong();
        try {
          const err = await other.board.open().then(
            () => null,
            (e: unknown) => e,
          );
          expect(err).toMatchObject({ code: 'NB_ERR_PROTOCOL_VERSION' });
          expect((err as Error).message).toMatch(/protocol 1.*neuroboard flash|neuroboard flash/s);
          expect(other.board.health.online).toBe(false);
        } finally {
          await other.board.close();
          await other.dispose?.();
        }
      });
    }

    it('close() is clean: a close event without error, and commands after it reject NB_ERR_BOARD_OFFLINE', async () => {
      await board.open();
      const closed: (Error | undefined)[] = [];
      board.on('close', (err) => closed.push(err));
      await board.close();
      expect(closed).toEqual([undefined]);
      await expect(board.setLed(0, 1)).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });
      await board.close(); // twice is fine
    });
  });
}
