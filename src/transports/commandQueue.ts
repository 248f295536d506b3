/**
 * Matches commands to replies first in, first out (PROTOCOL.md: every command gets exactly one reply,
 * in order) and keeps what is outstanding bounded:
 * - the bytes in flight stay within HOST_WINDOW_BYTES, below the board's 63-byte receive buffer with a
 *   margin, so a busy board never drops command bytes; the rest wait here;
 * - a waiting LED or FIRE for a channel is superseded by a newer one (both callers resolve with the
 *   newer one's reply), so a fast tick loop cannot pile up stale levels;
 * - at most `maxQueued` other commands wait; beyond that a command is refused with NB_ERR_BOARD_BUSY.
 * Each written command has its own reply timeout. A reply that fits a later command in flight, not
 * the first, means the first ones' replies were lost (garbled on the wire): they fail at once rather
 * than wait for their timeouts, and the queue is back in step.
 */
import { NbError } from '../core/errors.js';
import { encodeCommand, HOST_WINDOW_BYTES, type BoardMessage, type HostCommand } from '../protocol/index.js';

export interface Reply {
  message: BoardMessage;
  /** From writing the command to reading its reply. */
  elapsedMs: number;
  /** The reply line as the board sent it, when the caller handed it to `reply`. */
  line?: string;
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(err: Error): void;
}

interface Entry {
  /** null for a raw line the board will refuse: only an ERR answers it. */
  command: HostCommand | null;
  line: string;
  /** A raw line (sendRaw): never merged with a newer LED/FIRE, nor they with it. */
  raw: boolean;
  waiters: Waiter[];
  writtenAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

export interface CommandQueueOptions {
  /** Writes one line (without `\n`); throws if the link is gone. */
  write(line: string): void;
  /** Names the board in error messages ("board 3f2a91c0 on /dev/ttyACM0"). */
  describe(): string;
  replyMs: number;
  maxQueued: number;
}

/** True when `message` can be the reply to `command` (ERR can answer anything). */
export function answers(command: HostCommand, message: BoardMessage): boolean {
  switch (message.kind) {
    case 'err':
      return true;
    case 'hello':
      return command.kind === 'who';
    case 'incompatible':
      return command.kind === 'who' && message.announce === 'hello';
    case 'ok':
      return command.kind === message.verb.toLowerCase();
    case 'pong':
      return command.kind === 'ping' && command.seq === message.seq;
    case 'state':
      return command.kind === 'state' && command.channel === message.channel;
    default:
      return false;
  }
}

export class CommandQueue {
  private readonly waiting: Entry[] = [];
  private readonly inFlight: Entry[] = [];
  private inFlightBytes = 0;

  constructor(private readonly options: CommandQueueOptions) {}

  /** Commands written and not yet answered, plus those waiting to be written. */
  get size(): number {
    return this.waiting.length + this.inFlight.length;
  }

  /** Queues `command`; resolves with its reply (an ERR reply too: the caller decides). */
  send(command: HostCommand): Promise<Reply> {
    return this.enqueue(command, encodeCommand(command), false);
  }

  /**
   * Queues a line as typed (diagnostics, scenario files), valid or not. `expected` is what the board
   * will make of it (decodeHostLine): the command whose reply answers it, or null when the board
   * will refuse it, so that only an ERR answers it. Resolves with the reply, ERR included.
   */
  sendRaw(line: string, expected: HostCommand | null): Promise<Reply> {
    return this.enqueue(expected, line, true);
  }

  private enqueue(command: HostCommand | null, line: string, raw: boolean): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const waiter = { resolve, reject };
      if (!raw && command && (command.kind === 'led' || command.kind === 'fire')) {
        const stale = this.waiting.find(
          (e) => !e.raw && e.command?.kind === command.kind && 'channel' in e.command && e.command.channel === command.channel,
        );
        if (stale) {
          stale.command = command;
          stale.line = line;
          stale.waiters.push(waiter);
          return;
        }
      }
      if (this.waiting.length >= this.options.maxQueued) {
        reject(
          new NbError(
            'NB_ERR_BOARD_BUSY',
            `${this.options.describe()} is not keeping up: ${this.waiting.length} commands are waiting, "${line}" was not sent. Check the cable and the board.`,
          ),
        );
        return;
      }
      this.waiting.push({ command, line, raw, waiters: [waiter], writtenAt: 0, timer: null });
      this.pump();
    });
  }

  /** Hands a reply line to the oldest command it fits; false when it fits none (a stray reply). */
  reply(message: BoardMessage, line?: string): boolean {
    const index = this.inFlight.findIndex((e) => (e.command ? answers(e.command, message) : message.kind === 'err'));
    if (index < 0) return false;
    const lost = this.inFlight.splice(0, index);
    const entry = this.inFlight.shift() as Entry;
    for (const e of lost) this.settle(e, new NbError('NB_ERR_PROTOCOL', `${this.options.describe()}: the reply to "${e.line}" was lost on the wire`));
    this.settle(entry, { message, elapsedMs: performance.now() - entry.writtenAt, ...(line === undefined ? {} : { line }) });
    this.pump();
    return true;
  }

  /** Fails every command, written or waiting (the link is gone, or the board reset). */
  failAll(err: NbError, which: 'all' | 'inFlight' = 'all'): void {
    const entries = which === 'all' ? [...this.inFlight, ...this.waiting.splice(0)] : [...this.inFlight];
    this.inFlight.length = 0;
    this.inFlightBytes = 0;
    for (const e of entries) this.settle(e, err);
    if (which === 'inFlight') this.pump();
  }

  private settle(entry: Entry, outcome: Reply | Error): void {
    if (entry.timer !== null) clearTimeout(entry.timer);
    entry.timer = null;
    if (this.inFlight.length === 0) this.inFlightBytes = 0;
    else this.inFlightBytes = this.inFlight.reduce((sum, e) => sum + e.line.length + 1, 0);
    for (const w of entry.waiters) {
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    }
  }

  private pump(): void {
    for (;;) {
      const next = this.waiting[0];
      if (!next) return;
      const bytes = next.line.length + 1;
      if (this.inFlight.length > 0 && this.inFlightBytes + bytes > HOST_WINDOW_BYTES) return;
      this.waiting.shift();
      try {
        this.options.write(next.line);
      } catch (err) {
        this.settle(next, err instanceof Error ? err : new Error(String(err)));
        continue;
      }
      next.writtenAt = performance.now();
      next.timer = setTimeout(() => this.timeout(next), this.options.replyMs);
      this.inFlight.push(next);
      this.inFlightBytes += bytes;
    }
  }

  private timeout(entry: Entry): void {
    const index = this.inFlight.indexOf(entry);
    if (index < 0) return;
    this.inFlight.splice(index, 1);
    this.settle(
      entry,
      new NbError(
        'NB_ERR_BOARD_TIMEOUT',
        `${this.options.describe()} did not answer "${entry.line}" within ${this.options.replyMs} ms. Check the cable; if it keeps happening, unplug and replug the board.`,
      ),
    );
    this.pump();
  }
}
