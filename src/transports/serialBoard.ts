/**
 * The host's client for a board running our firmware (firmware/PROTOCOL.md), over any SerialBinding:
 * the native one for hardware, Web Serial in a browser, the emulated boards, the fake board's mock.
 * The code path is the same for all: the port's bytes framed into lines (lineLink.ts), each line
 * decoded, judged against the board catalogue, and matched to its command (commandQueue.ts).
 */
import { EventEmitter } from 'eventemitter3';
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import { isNbError, NbError } from '../core/errors.js';
import type { SerialBinding, SerialPortHandle } from '../platform/serialBinding.js';
import {
  BAUD,
  BOOT_AFTER_RESET_MAX_MS,
  decodeBoardLine,
  decodeHostLine,
  encodeBoardMessage,
  encodeCommand,
  PROTOCOL_VERSION,
  UINT32_MAX,
  type BoardMessage,
  type HostCommand,
  type ProtocolError,
} from '../protocol/index.js';
import type { BoardEvents, BoardHealth, BoardIdentity, NeuronBoard } from './board.js';
import { awaitAnnouncement, type HandshakeSession } from './boardHandshake.js';
import { CommandQueue, type Reply } from './commandQueue.js';
import { LineLink } from './lineLink.js';
import { ERR_HINTS, openHint, toIdentity } from './serialBoardMessages.js';

export interface BoardTimeouts {
  /** A command's reply, from writing it. */
  replyMs: number;
  /** After opening, how long to wait for BOOT (the DTR reset and the bootloader) before asking WHO. */
  bootWaitMs: number;
  /** Opening gives up after this long in all. */
  openMs: number;
}

export const DEFAULT_TIMEOUTS: Readonly<BoardTimeouts> = {
  replyMs: 1000,
  bootWaitMs: BOOT_AFTER_RESET_MAX_MS + 500,
  openMs: BOOT_AFTER_RESET_MAX_MS + 4000,
};

/** The fire pulse when the caller names none (the spec's example). */
export const DEFAULT_FIRE_MS = 150;

export interface SerialBoardOptions {
  /** Port path ("/dev/ttyACM0", "COM3") or sim/fake address. */
  path: string;
  binding: SerialBinding;
  /** The boards there are: a BOOT or HELLO naming another board type (or more channels than it has) is garbage. */
  catalogue: BoardCatalogue;
  transport?: 'serial' | 'sim' | 'fake';
  baudRate?: number;
  timeouts?: Partial<BoardTimeouts>;
  /** Most commands waiting to be written besides the per-channel LED/FIRE ones; default 32. */
  maxQueued?: number;
}

/** The state of one open port: everything that must end together when the link goes. */
interface Session extends HandshakeSession {
  /** Null until the port has opened. */
  link: LineLink | null;
}

export class SerialNeuronBoard implements NeuronBoard {
  readonly transport: 'serial' | 'sim' | 'fake';
  readonly path: string;
  private readonly binding: SerialBinding;
  private readonly catalogue: BoardCatalogue;
  private readonly baudRate: number;
  private readonly timeouts: BoardTimeouts;
  private readonly maxQueued: number;
  private readonly events = new EventEmitter<BoardEvents>();
  private session: Session | null = null;
  private currentIdentity: BoardIdentity | null = null;
  private lastSeenMs: number | null = null;
  private lastSeenAt: number | null = null;
  private rttMs: number | null = null;
  private seq = 0;

  constructor(options: SerialBoardOptions) {
    this.path = options.path;
    this.binding = options.binding;
    this.catalogue = options.catalogue;
    this.transport = options.transport ?? 'serial';
    this.baudRate = options.baudRate ?? BAUD;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.maxQueued = options.maxQueued ?? 32;
  }

  get identity(): BoardIdentity | null {
    return this.currentIdentity;
  }

  get health(): BoardHealth {
    const online = this.session !== null && !this.session.ended && this.session.handshake === null;
    return { online, lastSeenMs: this.lastSeenMs, lastSeenAt: this.lastSeenAt, rttMs: this.rttMs };
  }

  /** "board 3f2a91c0 on /dev/ttyACM0", or just the port before the board has said who it is. */
  describe(): string {
    return this.currentIdentity ? `board ${this.currentIdentity.id} on ${this.path}` : `the board on ${this.path}`;
  }

  on<E extends keyof BoardEvents>(event: E, listener: BoardEvents[E]): this {
    this.events.on(event, listener as EventEmitter.EventListener<BoardEvents, E>);
    return this;
  }

  off<E extends keyof BoardEvents>(event: E, listener: BoardEvents[E]): this {
    this.events.off(event, listener as EventEmitter.EventListener<BoardEvents, E>);
    return this;
  }

  async open(): Promise<BoardIdentity> {
    if (this.session && !this.session.ended) {
      throw new NbError('NB_ERR_PORT_OPEN', `${this.path} is already open in this program.`);
    }
    const session: Session = {
      link: null,
      ended: false,
      handshake: null,
      queue: new CommandQueue({
        write: (line) => this.writeLine(session, line),
        describe: () => this.describe(),
        replyMs: this.timeouts.replyMs,
        maxQueued: this.maxQueued,
      }),
    };
    this.session = session;
    try {
      session.link = new LineLink(await this.openPort());
    } catch (err) {
      session.ended = true;
      throw new NbError('NB_ERR_PORT_OPEN', openHint(this.path, err), { cause: err });
    }
    if (session.ended) {
      // close() came while the port was opening: it is let go again.
      await session.link.close();
      throw new NbError('NB_ERR_BOARD_OFFLINE', `${this.describe()} was closed by this program while it opened.`);
    }
    void this.readLines(session, session.link);
    return this.handshake(session);
  }

  /** The port, opened within openMs: a driver (or a simulator) that never finishes opening must not hang open() forever. */
  private openPort(): Promise<SerialPortHandle> {
    const opening = this.binding.open({ path: this.path, baudRate: this.baudRate });
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new Error(`opening did not finish within ${this.timeouts.openMs} ms`));
      }, this.timeouts.openMs);
      opening.then(
        (port) => {
          clearTimeout(timer);
          if (!late) resolve(port);
          else void port.close().catch(() => undefined); // it opened after all: let it go again
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  /** Hands every line to onLine while the session lasts; a link that breaks (an unplugged cable) ends it. */
  private async readLines(session: Session, link: LineLink): Promise<void> {
    try {
      for await (const line of link.lines()) {
        if (session.ended) return;
        this.onLine(session, line);
      }
    } catch (err) {
      this.lost(session, err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** Waits for BOOT (the port open may reset the board), else asks WHO, and checks the version. */
  private async handshake(session: Session): Promise<BoardIdentity> {
    await awaitAnnouncement(session, {
      bootWaitMs: this.timeouts.bootWaitMs,
      // The BOOT that answers the open itself is not a 'boot' event: the caller is about to send state anyway.
      identify: (message) => {
        this.currentIdentity = toIdentity(message);
      },
      openMs: this.timeouts.openMs,
      refuseVersion: (proto) => this.refuseVersion(session, proto),
      timedOut: () => {
        const err = new NbError(
          'NB_ERR_BOARD_TIMEOUT',
          `No BOOT or HELLO from ${this.path} within ${this.timeouts.openMs} ms. Is it a neuroboard running our firmware at ${this.baudRate} baud? Flash it with \`neuroboard flash\`, or check that the port is the board's.`,
        );
        this.endSession(session, err, false);
      },
      clearBoardLine: () => {
        try {
          this.writeLine(session, '');
        } catch (err) {
          this.lost(session, err instanceof Error ? err : new Error(String(err)));
        }
      },
    });
    return this.currentIdentity!;
  }

  setLed(channel: number, level: number): Promise<void> {
    return this.command({ kind: 'led', channel, level }).then(() => undefined);
  }

  fire(channel: number, ms = DEFAULT_FIRE_MS): Promise<void> {
    return this.command({ kind: 'fire', channel, ms }).then(() => undefined);
  }

  async ping(): Promise<number> {
    this.seq = this.seq >= UINT32_MAX ? 0 : this.seq + 1;
    const { elapsedMs } = await this.command({ kind: 'ping', seq: this.seq });
    this.rttMs = elapsedMs;
    return elapsedMs;
  }

  idle(): Promise<void> {
    return this.command({ kind: 'idle' }).then(() => undefined);
  }

  /** Reads back a channel: the level last set by LED and the debounced button state. */
  async readState(channel: number): Promise<{ level: number; pressed: boolean }> {
    const { message } = await this.command({ kind: 'state', channel });
    return message.kind === 'state' ? { level: message.level, pressed: message.pressed } : { level: 0, pressed: false };
  }

  /** Sets the number of channels in use (kept in the board's EEPROM). */
  async setChannels(count: number): Promise<void> {
    await this.command({ kind: 'channels', count });
    if (this.currentIdentity) this.currentIdentity = { ...this.currentIdentity, channels: count };
  }

  /** Sets the persistent board id (kept in the board's EEPROM). */
  async setId(id: string): Promise<void> {
    await this.command({ kind: 'setid', id });
    if (this.currentIdentity) this.currentIdentity = { ...this.currentIdentity, id };
  }

  /**
   * Sends one line as typed, valid or not, and resolves with the board's reply line (an ERR too).
   * It goes through the command queue like any command, so flow control and reply matching hold.
   */
  async raw(line: string): Promise<string> {
    if (typeof line !== 'string' || line.replaceAll('\r', '') === '' || line.includes('\n')) {
      throw new NbError(
        'NB_ERR_INVALID_ARGUMENT',
        `a raw line must be one non-empty line without "\\n" (the board answers nothing to an empty one), got ${JSON.stringify(line)}`,
      );
    }
    const session = this.liveSession();
    const limits = this.currentIdentity ? { channels: this.currentIdentity.channels, maxChannels: this.currentIdentity.maxChannels } : undefined;
    const decoded = decodeHostLine(line, limits);
    const expected = decoded === null || decoded.kind === 'error' ? null : decoded;
    const reply = await session.queue.sendRaw(line, expected);
    return reply.line ?? encodeBoardMessage(reply.message);
  }

  async close(): Promise<void> {
    const session = this.session;
    if (!session || session.ended) return;
    await this.endSession(session, new NbError('NB_ERR_BOARD_OFFLINE', `${this.describe()} was closed by this program.`), true);
  }

  /** The session commands go to: open, and past its handshake. */
  private liveSession(): Session {
    const session = this.session;
    if (!session || session.ended || session.handshake !== null) {
      throw new NbError('NB_ERR_BOARD_OFFLINE', `${this.describe()} is not open${session?.ended ? ' (it went offline)' : ''}: open it first.`);
    }
    return session;
  }

  /** Sends a command once open; an ERR reply rejects with NB_ERR_BOARD_ERROR_REPLY. */
  private async command(command: HostCommand): Promise<Reply> {
    const session = this.liveSession();
    const reply = await session.queue.send(command);
    if (reply.message.kind === 'err') {
      const code = reply.message.code;
      throw new NbError('NB_ERR_BOARD_ERROR_REPLY', `${this.describe()} answered ERR ${code} to "${encodeCommand(command)}": ${ERR_HINTS[code]}.`);
    }
    return reply;
  }

  private writeLine(session: Session, line: string): void {
    const link = session.link;
    if (session.ended || !link?.isOpen) {
      throw new NbError('NB_ERR_BOARD_OFFLINE', `${this.describe()} is offline: cannot send ${JSON.stringify(line)}.`);
    }
    link.write(`${line}\n`).catch((err: unknown) => this.lost(session, err instanceof Error ? err : new Error(String(err))));
  }

  private onLine(session: Session, line: string): void {
    if (session.ended) return;
    this.lastSeenMs = Date.now();
    this.lastSeenAt = performance.now();
    if (line.replaceAll('\r', '') === '') return;
    const message = this.judged(decodeBoardLine(line), line);
    switch (message.kind) {
      case 'error':
        this.events.emit('garbage', line, message.reason);
        return;
      case 'boot':
        // The board reset: commands in flight were lost with its receive buffer; waiting ones still go.
        session.queue.failAll(new NbError('NB_ERR_BOARD_OFFLINE', `${this.describe()} reset (${message.reset}) before answering.`), 'inFlight');
        if (session.handshake) session.handshake.announce(message);
        else {
          this.currentIdentity = toIdentity(message);
          this.events.emit('boot', this.currentIdentity, message.reset);
        }
        return;
      case 'incompatible':
        if (message.announce === 'boot') this.refuseVersion(session, message.proto);
        else if (!session.queue.reply(message, line)) this.events.emit('garbage', line, 'HELLO that answers no WHO');
        return;
      case 'btn':
        this.events.emit('button', { channel: message.channel, pressed: message.pressed, boardMs: message.millis });
        return;
      case 'idle':
        this.events.emit('idle');
        return;
      default:
        if (!session.queue.reply(message, line)) this.events.emit('garbage', line, `reply to no command waiting for one (${message.kind})`);
    }
  }

  /** A well-formed BOOT or HELLO from a board the catalogue cannot have is garbage like any other bad line. */
  private judged(message: BoardMessage | ProtocolError, line: string): BoardMessage | ProtocolError {
    if (message.kind !== 'boot' && message.kind !== 'hello') return message;
    const refused = this.catalogue.refuseAnnouncement(message);
    return refused === null ? message : { kind: 'error', reason: refused, line };
  }

  private refuseVersion(session: Session, proto: number): void {
    const err = new NbError(
      'NB_ERR_PROTOCOL_VERSION',
      `The board on ${this.path} runs firmware for protocol ${proto}, this program speaks protocol ${PROTOCOL_VERSION}: it will not be driven. Flash it with \`neuroboard flash\`.`,
    );
    this.endSession(session, err, false);
  }

  /** The port errored or closed under us (unplugged, yanked, driver error). */
  private lost(session: Session, cause: Error): void {
    if (session.ended) return;
    const err = isNbError(cause)
      ? cause
      : new NbError('NB_ERR_BOARD_OFFLINE', `${this.describe()} went offline (${cause.message}). Check the cable and plug it back in.`, { cause });
    this.endSession(session, err, false);
  }

  /** Ends a session once: fails every command, closes the port (resolves when it is), reports it. */
  private endSession(session: Session, err: NbError, clean: boolean): Promise<void> {
    if (session.ended) return Promise.resolve();
    session.ended = true;
    session.queue.failAll(err);
    const handshake = session.handshake;
    if (handshake) handshake.fail(err);
    // A failed open was never "open": only report 'close' for a link the caller had.
    if (!handshake) this.events.emit('close', clean ? undefined : err);
    // Closing can fail only if the port is already gone; either way it is closed for us.
    return session.link?.close() ?? Promise.resolve();
  }
}
