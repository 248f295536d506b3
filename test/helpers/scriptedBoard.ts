/**
 * An in-memory NeuronBoard for testing what sits above the transports (supervisor, exhibit) without
 * any protocol: the test decides when it answers, fails, reboots or disappears.
 */
import { EventEmitter } from 'node:events';
import { NbError } from '../../src/core/errors.js';
import type { BoardHealth, BoardIdentity, NeuronBoard } from '../../src/transports/board.js';

export class ScriptedBoard extends EventEmitter implements NeuronBoard {
  readonly transport = 'fake' as const;
  readonly path: string;
  identity: BoardIdentity | null;
  health: BoardHealth = { online: true, lastSeenMs: Date.now(), lastSeenAt: performance.now(), rttMs: null };
  readonly leds: number[] = [];
  readonly fires: number[] = [];
  closed = false;
  /** When false, pings get no answer (a board that went silent). */
  answering = true;

  constructor(id: string, path = `scripted:${id}`, channels = 4) {
    super();
    this.path = path;
    this.identity = { id, board: 'uno', protocol: 1, firmware: '0.1.0', channels, maxChannels: 4 };
  }

  async open(): Promise<BoardIdentity> {
    return this.identity!;
  }
  async setLed(channel: number, level: number): Promise<void> {
    this.check();
    this.leds[channel] = level;
  }
  async fire(channel: number): Promise<void> {
    this.check();
    this.fires.push(channel);
  }
  async ping(): Promise<number> {
    this.check();
    if (!this.answering) throw new NbError('NB_ERR_BOARD_TIMEOUT', `${this.path}: no PONG`);
    this.health.lastSeenMs = Date.now();
    this.health.lastSeenAt = performance.now();
    return 1;
  }
  async idle(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
  /** The cable is pulled: the port closes with an error. */
  yank(): void {
    this.closed = true;
    this.emit('close', new Error('port disconnected'));
  }
  private check(): void {
    if (this.closed) throw new NbError('NB_ERR_BOARD_OFFLINE', `${this.path} is closed`);
  }
}
