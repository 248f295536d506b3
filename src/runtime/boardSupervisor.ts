/**
 * Keeps one rig board alive for weeks: opens it, pings it, notices when it is unplugged or goes
 * silent (offline within a bounded time), reopens it with backoff, and gives it its full LED state
 * again whenever it comes back or reboots. A board that keeps sending garbage is quarantined for a
 * while instead of being allowed to flood the log or wedge the process.
 *
 * The supervisor never throws at its caller: every failure becomes a state change and a log event.
 */
import { EventEmitter } from 'eventemitter3';
import { repeatEvery, type Scheduler, type TimerHandle } from '../platform/scheduler.js';
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import { NbError } from '../core/errors.js';
import { BoardLeds } from './boardLeds.js';
import { BootloaderQuiet } from './bootloaderQuiet.js';
import { HOST_PING_INTERVAL_MS } from '../protocol/index.js';
import type { BoardIdentity, ButtonEvent, NeuronBoard } from '../transports/board.js';

export type SupervisedState = 'connecting' | 'online' | 'offline' | 'quarantined' | 'stopped';

/** How much a log line matters: the exhibit's parts all log in these three. */
export type LogLevel = 'info' | 'warn' | 'error';

/** The bounds a board supervisor keeps: how fast a lost board is noticed and retried. */
export interface SupervisorTiming {
  /** How often a live board is pinged (the firmware's silence watchdog is 5 s). */
  pingIntervalMs: number;
  /** No line from the board for this long means it is gone. */
  silentAfterMs: number;
  /** First reconnect delay, doubled after each failure up to `backoffMaxMs`. */
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** More than `garbageLimit` undecodable lines within `garbageWindowMs` quarantines the board… */
  garbageLimit: number;
  garbageWindowMs: number;
  /** …for this long, after which it is reopened. */
  quarantineMs: number;
}

export const DEFAULT_TIMING: SupervisorTiming = {
  pingIntervalMs: HOST_PING_INTERVAL_MS,
  silentAfterMs: 3500,
  backoffInitialMs: 250,
  backoffMaxMs: 5000,
  garbageLimit: 20,
  garbageWindowMs: 10_000,
  quarantineMs: 30_000,
};

export interface SupervisorOptions {
  /** The rig's id for this board. */
  id: string;
  /** How many channels the rig uses on it. */
  channels: number;
  /** Finds and opens the board (resolving once it has identified itself). */
  open: () => Promise<NeuronBoard>;
  /** The kinds of board it may get: how long a board's bootloader listens after a byte comes from here. */
  catalogue: BoardCatalogue;
  timing?: Partial<SupervisorTiming>;
  /** Its timers (pings, reconnects, quarantine), and its clock unless `now` is given. */
  scheduler: Scheduler;
  now?: () => number;
}

export interface SupervisorEvents {
  state: [state: SupervisedState, reason: string];
  button: [event: ButtonEvent];
  log: [level: LogLevel, message: string];
}

export class BoardSupervisor extends EventEmitter<SupervisorEvents> {
  readonly id: string;
  readonly timing: SupervisorTiming;
  private readonly openBoard: () => Promise<NeuronBoard>;
  private readonly now: () => number;
  /** The LED level each channel should show, and what is still owed to the board. */
  private readonly leds: BoardLeds;
  private board: NeuronBoard | null = null;
  private detach: (() => void) | null = null;
  private _state: SupervisedState = 'stopped';
  /** Why it is in that state ('starting', 'reopening', 'port closed', …), as the state event said. */
  private _stateReason = 'not started';
  private _identity: BoardIdentity | null = null;
  private readonly scheduler: Scheduler;
  private retryTimer: TimerHandle | null = null;
  private stopPings: (() => void) | null = null;
  private backoffMs: number;
  private garbageTimes: number[] = [];
  private _rttMs: number | null = null;
  private _lastSeenMs: number | null = null;
  private _reconnects = 0;
  /** While active nothing is sent: a missed reply from a board whose bootloader listens after every byte. */
  private readonly quiet: BootloaderQuiet;
  /** A ping awaits its reply (or its timeout): the next is not sent on top of it. */
  private pinging = false;

  constructor(options: SupervisorOptions) {
    super();
    this.id = options.id;
    this.leds = new BoardLeds(options.channels, (err) => this.commandFailed(err));
    this.openBoard = options.open;
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.scheduler = options.scheduler;
    this.now = options.now ?? (() => options.scheduler.now());
    this.backoffMs = this.timing.backoffInitialMs;
    this.quiet = new BootloaderQuiet(options.catalogue, options.scheduler, this.now, () => this.checkHealth());
  }

  get state(): SupervisedState { return this._state; }
  get stateReason(): string { return this._stateReason; }
  /** The LED level each channel should show (sent in full whenever the board (re)appears). */
  get levels(): Uint8Array { return this.leds.levels; }
  get identity(): BoardIdentity | null { return this._identity; }
  get transport(): string | null { return this.board?.transport ?? null; }
  get path(): string | null { return this.board?.path ?? null; }
  get rttMs(): number | null { return this._rttMs; }
  get lastSeenMs(): number | null { return this.board?.health.lastSeenMs ?? this._lastSeenMs; }
  /** How many times the board came back after being lost. */
  get reconnects(): number { return this._reconnects; }

  start(): void {
    if (this._state !== 'stopped') return;
    this.connect();
  }

  async stop(): Promise<void> {
    this.clearTimers();
    this.setState('stopped', 'stopped by the host');
    await this.dropBoard();
  }

  /** Sets a channel's level; sent now when online (after a quiet spell, during one), and again on every reconnect. */
  setLed(channel: number, level: number): void {
    if (this.leds.set(channel, level) && this._state === 'online' && this.board && !this.quiet.active) this.leds.send(this.board, channel);
  }

  fire(channel: number, ms: number): void {
    if (this._state === 'online' && this.board && !this.quiet.active) this.board.fire(channel, ms).catch((err) => this.commandFailed(err));
  }

  /** Sends a raw protocol line to the board and resolves with its reply line. */
  async raw(line: string): Promise<string> {
    const board = this.board;
    if (this._state !== 'online' || !board) {
      throw new NbError('NB_ERR_BOARD_OFFLINE', `board ${this.id} is ${this._state}: cannot send ${JSON.stringify(line)}`);
    }
    if (!board.raw) throw new NbError('NB_ERR_CONFLICT', `board ${this.id} (${board.transport}) does not take raw protocol lines`);
    return board.raw(line);
  }

  /** Shows the idle animation (at shutdown), if the board is there. */
  async idle(): Promise<void> {
    if (this._state === 'online' && this.board) await this.board.idle().catch(() => undefined);
  }

  private connect(): void {
    this.setState('connecting', this._reconnects === 0 && this._identity === null ? 'starting' : 'reopening');
    this.openBoard().then(
      (board) => {
        if (this._state !== 'connecting') {
          void board.close().catch(() => undefined); // stopped while opening
          return;
        }
        this.adopt(board);
      },
      (err: Error) => {
        if (this._state !== 'connecting') return;
        this.emit('log', 'warn', `board ${this.id}: cannot open it (${err.message}); retrying in ${this.backoffMs} ms`);
        this.setState('offline', err.message);
        this.scheduleReconnect();
      },
    );
  }

  private adopt(board: NeuronBoard): void {
    const identity = board.identity;
    if (identity && identity.id !== this.id) {
      this.emit('log', 'warn', `${board.path} answered as board ${identity.id}, not ${this.id}; not using it`);
      void board.close().catch(() => undefined);
      this.setState('offline', `wrong board on ${board.path}`);
      this.scheduleReconnect();
      return;
    }
    if (this._identity !== null) this._reconnects += 1;
    this.board = board;
    this._identity = identity;
    this.backoffMs = this.timing.backoffInitialMs;
    this.garbageTimes = [];
    this.quiet.clear();
    this.pinging = false;
    const onBoot = (who: BoardIdentity, cause: string): void => {
      if (who.id !== this.id) {
        this.lost(`a different board (${who.id}) appeared on ${board.path}`);
        return;
      }
      this._identity = who;
      this.quiet.clear();
      this.emit('log', 'warn', `board ${this.id} rebooted (${cause}); restoring its LEDs`);
      this.resendState();
    };
    const onButton = (event: ButtonEvent): void => {
      this.emit('button', event);
    };
    const onIdle = (): void => this.resendState();
    const onClose = (error?: Error): void => this.lost(error ? error.message : 'port closed');
    const onGarbage = (line: string, reason: string): void => this.garbage(line, reason);
    board.on('boot', onBoot).on('button', onButton).on('idle', onIdle).on('close', onClose).on('garbage', onGarbage);
    this.detach = () => {
      board.off('boot', onBoot).off('button', onButton).off('idle', onIdle).off('close', onClose).off('garbage', onGarbage);
    };
    this.setState('online', `on ${board.path}`);
    this.emit('log', 'info', `board ${this.id} online on ${board.path} (${board.transport})`);
    this.resendState();
    this.stopPings = repeatEvery(this.scheduler, this.timing.pingIntervalMs, () => this.checkHealth());
  }

  private resendState(): void {
    if (this.board) this.leds.sendAll(this.board);
  }

  private checkHealth(): void {
    const board = this.board;
    if (!board || this._state !== 'online' || this.quiet.active) return;
    this.leds.sendOwed(board);
    // After a quiet spell, silence counts from its end: the bootloader's wait ran from the host's
    // last byte, which may have gone out a little after the missed reply's ping.
    const seen = Math.max(board.health.lastSeenAt ?? -Infinity, this.quiet.endedAt);
    if (seen !== -Infinity && this.now() - seen > this.timing.silentAfterMs) {
      this.lost(`silent for ${Math.round(this.now() - (board.health.lastSeenAt ?? seen))} ms`);
      return;
    }
    if (this.pinging) return; // never a ping on top of an unanswered one
    this.pinging = true;
    const settled = (): boolean => {
      if (this.board !== board) return false; // a later board's ping is its own
      this.pinging = false;
      return true;
    };
    board.ping().then(
      (rtt) => {
        settled();
        this._rttMs = rtt;
      },
      () => settled() && this._state === 'online' && this.missedReply(board.identity?.board ?? ''),
    );
  }

  /** A lost ping shows up as silence above; on a Mega it may also mean a reset into stk500v2 (bootloaderQuiet.ts). */
  private missedReply(boardType: string): void {
    const ms = this.quiet.start(boardType);
    if (ms === 0) return;
    // Every level is owed: set meanwhile, or lost to a reset whose BOOT never came through.
    this.leds.oweAll();
    this.emit('log', 'warn', `board ${this.id} missed a reply; if it was reset (button, brown-out) its bootloader restarts its wait on every byte, so sending nothing for ${ms / 1000} s`);
  }

  private garbage(line: string, reason: string): void {
    const now = this.now();
    this.garbageTimes = this.garbageTimes.filter((t) => now - t < this.timing.garbageWindowMs);
    this.garbageTimes.push(now);
    const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
    this.emit('log', 'warn', `board ${this.id}: ignored a line it sent (${reason}): ${shown}`);
    if (this.garbageTimes.length > this.timing.garbageLimit) {
      this.quarantine(`${this.garbageTimes.length} bad lines in ${this.timing.garbageWindowMs / 1000} s`);
    }
  }

  private quarantine(reason: string): void {
    this.emit(
      'log',
      'error',
      `board ${this.id} quarantined for ${this.timing.quarantineMs / 1000} s: ${reason}. ` +
        'Check its cable and baud rate, or reflash it with `neuroboard flash`.',
    );
    this.clearTimers();
    void this.dropBoard();
    this.setState('quarantined', reason);
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, this.timing.quarantineMs);
  }

  private commandFailed(err: unknown): void {
    // An unplug rejects the commands in flight and then closes the port: the close handles it.
    if (this._state === 'online') this.emit('log', 'warn', `board ${this.id}: ${(err as Error).message}`);
  }

  private lost(reason: string): void {
    if (this._state !== 'online') return;
    this._lastSeenMs = this.board?.health.lastSeenMs ?? this._lastSeenMs;
    this.clearTimers();
    void this.dropBoard();
    this.emit('log', 'warn', `board ${this.id} offline: ${reason}`);
    this.setState('offline', reason);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.timing.backoffMaxMs);
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private async dropBoard(): Promise<void> {
    const board = this.board;
    this.detach?.();
    this.detach = null;
    this.board = null;
    if (board) await board.close().catch(() => undefined);
  }

  private clearTimers(): void {
    if (this.retryTimer) this.scheduler.clearTimeout(this.retryTimer);
    this.stopPings?.();
    this.quiet.clear();
    this.retryTimer = null;
    this.stopPings = null;
  }

  private setState(state: SupervisedState, reason: string): void {
    if (this._state === state && state !== 'offline') return;
    this._state = state;
    this._stateReason = reason;
    this.emit('state', state, reason);
  }
}
