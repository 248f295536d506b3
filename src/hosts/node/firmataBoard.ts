/**
 * A neuron board running StandardFirmata, driven through johnny-five (`Led` for PWM and the fire
 * pulse, `Button` for input). Johnny-five cannot reconnect a lost board (its maintainers: "not
 * possible"), so this class owns one connection only: when the port closes it reports 'close' like
 * any other board, and the supervisor builds a new FirmataNeuronBoard — a new Board, Leds and
 * Buttons — on the next attempt.
 *
 * Firmata has no board id, so the rig's id is trusted for the port the rig pins it to. Node only:
 * johnny-five and firmata-io need Node streams and events.
 */
import { EventEmitter } from 'node:events';
import { SerialPortStream } from '@serialport/stream';
import firmataIo from 'firmata-io';
import five from 'johnny-five';
import { NbError } from '../../core/errors.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import type { BoardHealth, BoardIdentity, NeuronBoard } from '../../transports/board.js';
import { toSerialportBinding } from './serialportBindings.js';

export interface FirmataBoardOptions {
  path: string;
  binding: SerialBinding;
  /** The id the rig gives this board. */
  id: string;
  /** LED and button pin of each channel in use (from the board profile). */
  ledPins: readonly number[];
  buttonPins: readonly number[];
  /** StandardFirmata's baud rate. */
  baudRate?: number;
  /** How long to wait for Firmata's handshake (StandardFirmata blinks for ~2 s after a reset). */
  readyTimeoutMs?: number;
  transport?: 'firmata' | 'sim';
}

export class FirmataNeuronBoard extends EventEmitter implements NeuronBoard {
  readonly transport: 'firmata';
  readonly path: string;
  identity: BoardIdentity | null = null;
  readonly health: BoardHealth = { online: false, lastSeenMs: null, lastSeenAt: null, rttMs: null };
  private readonly options: FirmataBoardOptions;
  private port: SerialPortStream | null = null;
  private io: InstanceType<typeof firmataIo.Firmata> | null = null;
  private board: InstanceType<typeof five.Board> | null = null;
  private leds: InstanceType<typeof five.Led>[] = [];
  private buttons: InstanceType<typeof five.Button>[] = [];
  private readonly levels: number[];
  private readonly fireTimers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(options: FirmataBoardOptions) {
    super();
    this.options = options;
    this.transport = 'firmata';
    this.path = options.path;
    this.levels = options.ledPins.map(() => 0);
  }

  async open(): Promise<BoardIdentity> {
    const { path, binding, baudRate = 57600, readyTimeoutMs = 10_000 } = this.options;
    // johnny-five's Firmata reads a Node stream: the port as a SerialPortStream, whatever binding it is on.
    const port = new SerialPortStream({ binding: toSerialportBinding(binding), path, baudRate, autoOpen: false });
    this.port = port;
    port.on('data', () => {
      this.seen();
    });
    // Firmata and the Board must exist before the port opens: johnny-five waits for Firmata's
    // "connect", which Firmata only emits on the port's "open" event.
    const io = new firmataIo.Firmata(port, { reportVersionTimeout: 3000 });
    this.io = io;
    const board = new five.Board({ io, repl: false, sigint: false, debug: false, timeout: readyTimeoutMs });
    this.board = board;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new NbError(
            'NB_ERR_BOARD_TIMEOUT',
            `${path}: no Firmata handshake within ${readyTimeoutMs / 1000} s; is StandardFirmata flashed on it?`,
          ),
        );
      }, readyTimeoutMs);
      board.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
      board.once('error', (err: Error) => {
        clearTimeout(timer);
        reject(new NbError('NB_ERR_PORT_OPEN', `${path}: ${err.message}`, { cause: err }));
      });
    });
    try {
      await new Promise<void>((resolve, reject) =>
        port.open((err) =>
          err ? reject(new NbError('NB_ERR_PORT_OPEN', `cannot open ${path}: ${err.message}`, { cause: err })) : resolve(),
        ),
      );
      await ready;
    } catch (err) {
      ready.catch(() => undefined);
      await this.close();
      throw err;
    }
    this.leds = this.options.ledPins.map((pin) => new five.Led({ pin, board }));
    this.options.buttonPins.forEach((pin, channel) => {
      const button = new five.Button({ pin, board, isPullup: true });
      this.buttons.push(button);
      button.on('press', () => this.emit('button', { channel, pressed: true, boardMs: Date.now() % 2 ** 32 }));
      button.on('release', () => this.emit('button', { channel, pressed: false, boardMs: Date.now() % 2 ** 32 }));
    });
    port.once('close', (err?: Error) => this.lost(err ?? new Error('port closed')));
    port.on('error', (err: Error) => this.lost(err));
    this.health.online = true;
    this.seen();
    const firmware = io.firmware?.version ? `${io.firmware.version.major}.${io.firmware.version.minor}` : 'unknown';
    this.identity = {
      id: this.options.id,
      board: 'firmata',
      protocol: 0,
      firmware: `${io.firmware?.name ?? 'Firmata'} ${firmware}`,
      channels: this.options.ledPins.length,
      maxChannels: this.options.ledPins.length,
    };
    return this.identity;
  }

  async setLed(channel: number, level: number): Promise<void> {
    const led = this.led(channel);
    this.levels[channel] = level;
    led.brightness(level);
  }

  async fire(channel: number, ms = 150): Promise<void> {
    const led = this.led(channel);
    led.brightness(255);
    const timer = setTimeout(() => {
      this.fireTimers.delete(timer);
      if (!this.closed) led.brightness(this.levels[channel] ?? 0);
    }, ms);
    this.fireTimers.add(timer);
  }

  /** Firmata has no ping: a REPORT_VERSION round trip serves as one. */
  async ping(): Promise<number> {
    const io = this.io;
    if (!io || this.closed) throw this.offline('ping');
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new NbError('NB_ERR_BOARD_TIMEOUT', `${this.path}: no reply to a Firmata version query`)), 2000);
      io.reportVersion(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    const rtt = performance.now() - started;
    this.health.rttMs = rtt;
    this.seen();
    return rtt;
  }

  async idle(): Promise<void> {
    if (this.closed) throw this.offline('idle');
    for (const led of this.leds) led.brightness(16);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.health.online = false;
    for (const t of this.fireTimers) clearTimeout(t);
    this.fireTimers.clear();
    const port = this.port;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.releaseJohnnyFive();
  }

  /**
   * johnny-five keeps every Board, Led and Button it ever made in module-level collections (the
   * Board cache, pin normalizers, each component's private-state Map), so without this each
   * reconnect kept the whole closed connection — Firmata, port, buffers — alive: measured ~70 KB
   * per reconnect. Components keep their small state entries; what they point to is let go.
   */
  private releaseJohnnyFive(): void {
    const board = this.board;
    if (!board) return;
    this.board = null;
    const cached = five.Board.cache.indexOf(board);
    if (cached >= 0) five.Board.cache.splice(cached, 1);
    // A cache of per-board pin translators, rebuilt on demand: clearing all of it only costs a rebuild.
    five.Board.Pins.normalize.clear();
    for (const component of [...this.leds, ...this.buttons]) {
      component.board = null;
      component.io = null;
    }
    // The buttons stay in johnny-five's Map, and our listeners on them would keep this board and its port.
    for (const button of this.buttons) button.removeAllListeners();
    this.buttons = [];
    this.io = null;
    this.port = null;
  }

  private led(channel: number): InstanceType<typeof five.Led> {
    if (this.closed) throw this.offline(`LED ${channel}`);
    const led = this.leds[channel];
    if (!led) throw new NbError('NB_ERR_INVALID_ARGUMENT', `${this.path} has no channel ${channel}`, { field: 'channel' });
    return led;
  }

  private seen(): void {
    this.health.lastSeenMs = Date.now();
    this.health.lastSeenAt = performance.now();
  }

  private offline(what: string): NbError {
    return new NbError('NB_ERR_BOARD_OFFLINE', `${this.path} (board ${this.options.id}) is offline; ${what} not sent`);
  }

  private lost(err: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.health.online = false;
    for (const t of this.fireTimers) clearTimeout(t);
    this.releaseJohnnyFive();
    this.emit('close', err);
  }
}
