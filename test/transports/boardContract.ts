/**
 * What every board link must do, whatever carries it: the transport (SerialNeuronBoard) and the
 * flasher over a serial binding, against the device at the far end. A plain module of named async
 * cases with plain assertions (check.ts), so the same cases run in vitest against the Node bindings
 * (runContract.ts: the emulator's, the fake board's) and, bundled, in Chromium against the Web Serial
 * binding over a fake navigator.serial whose ports are emulated boards (test/browser/webSerial.test.ts):
 * the two hosts' paths cannot drift apart.
 *
 * A rig gives a fresh device and the binding that reaches it; device methods may be async. Cases wait
 * on conditions, never on fixed sleeps, and assert no timing.
 */
import type { BoardCatalogue } from '../../src/catalogue/boardCatalogue.js';
import { isNbError } from '../../src/core/errors.js';
import { flashAndSetId } from '../../src/hosts/browser/flashInWorker.js';
import type { SerialBinding } from '../../src/platform/serialBinding.js';
import { MAX_CHANNELS_ANY_BOARD, PROTOCOL_VERSION } from '../../src/protocol/index.js';
import type { HexFiles } from '../../src/sim/avr/flashImage.js';
import type { ButtonEvent, NeuronBoard } from '../../src/transports/board.js';
import { LineLink } from '../../src/transports/lineLink.js';
import { SerialNeuronBoard, type BoardTimeouts } from '../../src/transports/serialBoard.js';
import { checkEqual, checkMatch, checkRejects, checkTrue, rejection } from './check.js';
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
  binding: SerialBinding;
  catalogue: BoardCatalogue;
  /** Where the device is now. */
  path: string;
  /** Its kind in the catalogue ("uno", "mega"). */
  kind: string;
  transport: 'serial' | 'sim' | 'fake';
  timeouts?: Partial<BoardTimeouts>;
  device: ContractDevice;
  /** The paths a board may be on now: a board plugged back in may come back under another name (Web Serial), and is found by its id. */
  listPorts(): Promise<string[]>;
  /** What the device can do beyond the protocol: reset on DTR; be flashed through its real bootloader (then `files` has its firmware). */
  can: { dtrReset?: boolean; flash?: boolean };
  files?: HexFiles;
  /** Frees whatever the rig made (emulated boards, their clock). */
  dispose?(): void | Promise<void>;
}

export interface ContractOptions {
  /** How far a measured LED level may be from the level set (PWM measurement); default 0. */
  ledTolerance?: number;
  /** A rig whose firmware announces another protocol version, if the link can make one. */
  wrongProtocol?: () => ContractRig | Promise<ContractRig>;
  /** Ceiling for each wait; default 3000 ms. */
  waitMs?: number;
}

/** What a case gets: the rig, an unopened board at its path, and boards it makes (closed after it). */
export interface CaseContext {
  rig: ContractRig;
  board: SerialNeuronBoard;
  options: ContractOptions;
  newBoard(path: string, rig?: ContractRig): SerialNeuronBoard;
}

export interface ContractCase {
  name: string;
  /** Left out where the rig cannot do it (said in the runner's name for it). */
  needs?: 'dtrReset' | 'flash' | 'wrongProtocol';
  run(ctx: CaseContext): Promise<void>;
}

const waitMsOf = (ctx: CaseContext): number => ctx.options.waitMs ?? 3000;

function levelNear(ctx: CaseContext, channel: number, level: number): () => Promise<boolean> {
  const tolerance = ctx.options.ledTolerance ?? 0;
  return async () => Math.abs((await ctx.rig.device.ledLevel(channel)) - level) <= tolerance;
}

/**
 * Opens the ports there are until one holds the board that announces `id` (as the runtime finds a
 * rig board), trying again while it is not there yet; the board is returned open.
 */
async function findBoardById(ctx: CaseContext, id: string, waitMs: number): Promise<SerialNeuronBoard> {
  const deadline = Date.now() + waitMs;
  const seen: string[] = [];
  for (;;) {
    for (const path of await ctx.rig.listPorts()) {
      const board = ctx.newBoard(path);
      const identity = await board.open().catch((err: unknown) => {
        seen.push(`${path}: ${(err as Error).message}`);
        return null;
      });
      if (identity?.id === id) return board;
      if (identity) seen.push(`${path}: board ${identity.id}`);
      await board.close();
    }
    if (Date.now() > deadline) throw new Error(`board ${id} was not found on any port within ${waitMs} ms (${seen.slice(-4).join('; ') || 'no port'})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The board type a flash names for the rig's kind, and whether it is the old-bootloader variant. */
function flashTypeOf(catalogue: BoardCatalogue, kind: string): { board: string; oldBootloader: boolean } {
  const profile = catalogue.get(kind);
  return { board: profile.announces, oldBootloader: profile.flashOption === '--old-bootloader' };
}

export const boardContractCases: readonly ContractCase[] = [
  {
    name: 'opens and reports its identity (BOOT after the port-open reset, or HELLO to WHO)',
    async run({ board }) {
      const identity = await board.open();
      checkMatch(identity.id, /^[0-9a-f]{8}$/, 'id');
      checkEqual(identity.protocol, PROTOCOL_VERSION, 'protocol');
      checkTrue(identity.channels >= 1 && identity.channels <= identity.maxChannels, 'channels within 1..maxChannels', identity);
      checkEqual(board.identity, identity, 'board.identity');
      checkEqual(board.health.online, true, 'online');
      checkTrue(board.health.lastSeenMs !== null, 'lastSeenMs set');
    },
  },
  {
    name: 'sets LED levels (off, half, full) and the device shows each',
    async run(ctx) {
      await ctx.board.open();
      for (const level of [200, 0, 128, 255]) {
        await ctx.board.setLed(0, level);
        await waitFor(levelNear(ctx, 0, level), { timeoutMs: waitMsOf(ctx), what: `LED 0 showing ${level}` });
      }
    },
  },
  {
    name: 'fires a pulse: full brightness, then back to the set level',
    async run(ctx) {
      const { board } = ctx;
      await board.open();
      await board.setLed(0, 20);
      await waitFor(levelNear(ctx, 0, 20), { timeoutMs: waitMsOf(ctx), what: 'LED 0 at 20 before the pulse' });
      await board.fire(0, 400);
      await waitFor(levelNear(ctx, 0, 255), { timeoutMs: waitMsOf(ctx), what: 'LED 0 at full during the pulse' });
      await waitFor(levelNear(ctx, 0, 20), { timeoutMs: waitMsOf(ctx), what: 'LED 0 back at 20 after the pulse' });
    },
  },
  {
    name: 'a press and a release give exactly one pressed then one released event',
    async run(ctx) {
      const { board, rig } = ctx;
      await board.open();
      const events: ButtonEvent[] = [];
      board.on('button', (e) => events.push(e));
      await rig.device.press(0);
      await waitFor(() => events.length >= 1, { timeoutMs: waitMsOf(ctx), what: 'the pressed event' });
      await rig.device.release(0);
      await waitFor(() => events.length >= 2, { timeoutMs: waitMsOf(ctx), what: 'the released event' });
      await board.ping(); // anything the board sent before its PONG has arrived by now
      checkEqual(
        events.map((e) => [e.channel, e.pressed]),
        [
          [0, true],
          [0, false],
        ],
        'button events',
      );
      checkTrue(events[1]!.boardMs >= events[0]!.boardMs, 'the release is not before the press on the board clock', events);
    },
  },
  {
    name: 'ping reports a round-trip time and keeps health current',
    async run({ board }) {
      await board.open();
      const rtt = await board.ping();
      checkTrue(rtt >= 0, 'rtt ≥ 0', rtt);
      checkEqual(board.health.rttMs, rtt, 'health.rttMs');
      checkTrue((await board.ping()) >= 0, 'a second ping');
    },
  },
  {
    name: 'garbage from the board (noise bytes, an overlong line, unknown verbs, a stray reply) gives garbage events, and the board still answers',
    async run(ctx) {
      const { board, rig } = ctx;
      await board.open();
      const garbage: string[] = [];
      board.on('garbage', (line) => garbage.push(line));
      await rig.device.inject(`\x00\xff\x07noise\n${'X'.repeat(500)}\nHELLO WORLD\nled 0 1\nOK LED\n`);
      await waitFor(() => garbage.length >= 5, { timeoutMs: waitMsOf(ctx), what: 'five garbage events' });
      checkTrue((await board.ping()) >= 0, 'a ping after the garbage');
      await board.setLed(0, 77);
      await waitFor(levelNear(ctx, 0, 77), { timeoutMs: waitMsOf(ctx), what: 'LED 0 at 77 after the garbage' });
    },
  },
  {
    name: 'an ERR reply (LED on a channel not in use) rejects with NB_ERR_BOARD_ERROR_REPLY and the link stays up',
    async run({ board }) {
      const identity = await board.open();
      const channel = identity.channels;
      const expected = channel < MAX_CHANNELS_ANY_BOARD ? 'NB_ERR_BOARD_ERROR_REPLY' : 'NB_ERR_INVALID_ARGUMENT';
      await checkRejects(board.setLed(channel, 1), expected, `LED on channel ${channel}`);
      await checkRejects(board.setLed(0, 300), 'NB_ERR_INVALID_ARGUMENT', 'LED level 300');
      checkTrue((await board.ping()) >= 0, 'a ping after the ERR');
    },
  },
  {
    name: 'unplugged mid-write: pending commands reject NB_ERR_BOARD_OFFLINE, close is emitted with the error, later writes reject; plugged back in, the board is found by the id it announces',
    async run(ctx) {
      const { board, rig } = ctx;
      const { id } = await board.open();
      const closed: (Error | undefined)[] = [];
      board.on('close', (err) => closed.push(err));
      const pending = [board.setLed(0, 10), board.fire(0, 100), board.ping(), board.setLed(0, 99), board.idle()];
      await rig.device.unplug();
      const results = await Promise.allSettled(pending);
      for (const r of results) if (r.status === 'rejected') checkTrue(isNbError(r.reason, 'NB_ERR_BOARD_OFFLINE'), 'a pending command rejects NB_ERR_BOARD_OFFLINE', r.reason);
      await waitFor(() => closed.length > 0, { timeoutMs: waitMsOf(ctx), what: 'the close event' });
      checkEqual(closed.length, 1, 'close events');
      checkTrue(isNbError(closed[0], 'NB_ERR_BOARD_OFFLINE'), 'the close event carries NB_ERR_BOARD_OFFLINE', closed[0]);
      checkEqual(board.health.online, false, 'online after the unplug');
      await checkRejects(board.setLed(0, 1), 'NB_ERR_BOARD_OFFLINE', 'LED after the unplug');
      await checkRejects(board.ping(), 'NB_ERR_BOARD_OFFLINE', 'ping after the unplug');

      await rig.device.replug();
      const again = await findBoardById(ctx, id, 3 * waitMsOf(ctx));
      checkEqual(again.identity?.protocol, PROTOCOL_VERSION, 'protocol after the replug');
      await again.setLed(0, 42);
      await waitFor(levelNear(ctx, 0, 42), { timeoutMs: waitMsOf(ctx), what: 'LED 0 at 42 after the replug' });
    },
  },
  {
    name: 'a board announcing another protocol version (BOOT 2 injected) is refused with NB_ERR_PROTOCOL_VERSION telling to flash it',
    async run(ctx) {
      const { board, rig } = ctx;
      await board.open();
      const closed: (Error | undefined)[] = [];
      board.on('close', (err) => closed.push(err));
      await rig.device.inject('BOOT 2 9.0.0 uno 3f2a91c0 1 4 external\n');
      await waitFor(() => closed.length > 0, { timeoutMs: waitMsOf(ctx), what: 'the close event' });
      checkEqual((closed[0] as { code?: string } | undefined)?.code, 'NB_ERR_PROTOCOL_VERSION', 'the close error');
      checkMatch(closed[0]?.message, /neuroboard flash/, 'the close message');
      await checkRejects(board.setLed(0, 1), 'NB_ERR_BOARD_OFFLINE', 'LED after the refusal');
    },
  },
  {
    name: 'opening a board whose firmware speaks another protocol version rejects with NB_ERR_PROTOCOL_VERSION',
    needs: 'wrongProtocol',
    async run(ctx) {
      const other = await ctx.options.wrongProtocol!();
      try {
        const board = ctx.newBoard(other.path, other);
        const err = await rejection(board.open(), 'opening it');
        checkEqual(err.code, 'NB_ERR_PROTOCOL_VERSION', 'the error code');
        checkMatch(err.message, /neuroboard flash/, 'the message');
        checkEqual(board.health.online, false, 'online');
      } finally {
        await other.dispose?.();
      }
    },
  },
  {
    name: 'close() is clean: a close event without error, commands after it reject NB_ERR_BOARD_OFFLINE; open() again on the same object reconnects',
    async run({ board }) {
      const first = await board.open();
      const closed: (Error | undefined)[] = [];
      board.on('close', (err) => closed.push(err));
      await board.close();
      checkEqual(closed, [undefined], 'close events');
      await checkRejects(board.setLed(0, 1), 'NB_ERR_BOARD_OFFLINE', 'LED after close');
      await board.close(); // twice is fine
      const again = await board.open();
      checkEqual(again.id, first.id, 'id after reopening');
      checkTrue((await board.ping()) >= 0, 'a ping after reopening');
    },
  },
  {
    name: 'DTR dropped and raised again (one setSignals each) resets the board: a second BOOT, reset external',
    needs: 'dtrReset',
    async run(ctx) {
      const handle = await ctx.rig.binding.open({ path: ctx.rig.path, baudRate: 115200 });
      const link = new LineLink(handle);
      const boots: string[] = [];
      const reading = (async () => {
        for await (const line of link.lines()) if (line.startsWith('BOOT ')) boots.push(line);
      })();
      try {
        await waitFor(() => boots.length === 1, { timeoutMs: waitMsOf(ctx), what: 'the BOOT after opening (DTR asserted)' });
        await handle.set({ dtr: false, rts: false });
        await handle.set({ dtr: true, rts: true });
        await waitFor(() => boots.length === 2, { timeoutMs: waitMsOf(ctx), what: 'the BOOT after the DTR pulse' });
        checkMatch(boots[1], / external$/, 'the second BOOT');
      } finally {
        await link.close();
        await reading;
      }
    },
  },
  {
    name: 'flashed through its real bootloader: every page written and read back (progress for each), then SETID, and the board announces the new id and works',
    needs: 'flash',
    async run(ctx) {
      const { rig, board } = ctx;
      const before = await board.open();
      await board.close();
      const progress: string[] = [];
      const { board: type, oldBootloader } = flashTypeOf(rig.catalogue, rig.kind);
      const outcome = await flashAndSetId(
        { path: rig.path, board: type, oldBootloader, id: 'a0c0ffee' },
        { binding: rig.binding, catalogue: rig.catalogue, files: rig.files!, onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`) },
      );
      const pages = outcome.flash.pages;
      checkTrue(pages > 10, 'pages written', outcome.flash);
      checkEqual(progress, [...Array.from({ length: pages }, (_, i) => `write ${i + 1}/${pages}`), ...Array.from({ length: pages }, (_, i) => `verify ${i + 1}/${pages}`)], 'progress');
      checkEqual(outcome.identity?.before.id, before.id, 'the id before SETID');
      checkEqual(outcome.identity?.after.id, 'a0c0ffee', 'the id the board announces after SETID');
      const after = await board.open();
      checkEqual(after.id, 'a0c0ffee', 'the id on reopening');
      await board.setLed(0, 64);
      await waitFor(levelNear(ctx, 0, 64), { timeoutMs: waitMsOf(ctx), what: 'LED 0 at 64 after flashing' });
    },
  },
  {
    name: 'flashed as another board type: the message names the bootloader that answered, the chip and the --board to use, and nothing is written',
    needs: 'flash',
    async run(ctx) {
      const { rig, board } = ctx;
      const before = await board.open();
      await board.close();
      const profile = rig.catalogue.get(rig.kind);
      const wrong = rig.catalogue.boardTypes.map((t) => rig.catalogue.get(t)).find((p) => p.bootloader && p.bootloader.protocol !== profile.bootloader?.protocol)!;
      const err = await checkRejects(
        flashAndSetId({ path: rig.path, board: wrong.name, id: 'a0c0ffee' }, { binding: rig.binding, catalogue: rig.catalogue, files: rig.files! }),
        'NB_ERR_INVALID_ARGUMENT',
        `flashing a ${rig.kind} as a ${wrong.name}`,
      );
      checkMatch(err.message, `is not a ${wrong.name}`, 'the message');
      checkMatch(err.message, `its chip is an ${profile.chip.name} (signature ${profile.chip.signature})`, 'the message');
      checkMatch(err.message, new RegExp(`flash it with --board [a-z -]*\\b${profile.announces}\\b`), 'the message');
      checkMatch(err.message, 'Nothing was written.', 'the message');
      const still = await board.open();
      checkEqual(still.id, before.id, 'the board still runs its sketch with its id');
    },
  },
];

/** The cases a rig can run, and the names of those it cannot (with why). */
export function casesFor(rig: Pick<ContractRig, 'can'>, options: ContractOptions): { run: ContractCase[]; left: string[] } {
  const can = (c: ContractCase): boolean =>
    c.needs === undefined || (c.needs === 'wrongProtocol' ? options.wrongProtocol !== undefined : c.needs === 'dtrReset' ? rig.can.dtrReset === true : rig.can.flash === true);
  return { run: boardContractCases.filter(can), left: boardContractCases.filter((c) => !can(c)).map((c) => c.name) };
}

/** Runs one case on a fresh rig; the boards it made are closed and the rig disposed whatever happens. */
export async function runContractCase(c: ContractCase, factory: () => ContractRig | Promise<ContractRig>, options: ContractOptions): Promise<void> {
  const rig = await factory();
  const made: NeuronBoard[] = [];
  const newBoard = (path: string, on: ContractRig = rig): SerialNeuronBoard => {
    const board = new SerialNeuronBoard({ path, binding: on.binding, catalogue: on.catalogue, transport: on.transport, ...(on.timeouts ? { timeouts: on.timeouts } : {}) });
    made.push(board);
    return board;
  };
  try {
    await c.run({ rig, board: newBoard(rig.path), options, newBoard });
  } finally {
    for (const board of made) await board.close();
    await rig.dispose?.();
  }
}
