/**
 * An emulated board as a real tty. socat links two pseudo-terminals: the emulated board talks
 * through one with the native serialport binding, and any program opens the other as it would a USB
 * serial device — the Arduino IDE's serial monitor, a Python script written against PROTOCOL.md
 * before the hardware arrives, or `neuroboard start --hardware` with the rig's port pinned to it.
 *
 * What a pty cannot carry: DTR (opening it resets nothing, so a host sees no BOOT and asks WHO) and
 * the baud rate (the emulated UART still paces its own bytes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { NbError } from '../../core/errors.js';
import type { AvrBoard } from '../../sim/avr/avrBoard.js';
import type { SimClock } from '../../sim/avr/simClock.js';

export interface TtyBridgeOptions {
  avr: AvrBoard;
  /** The clock running `avr` (so host bytes land at the board's present, not its past). */
  clock: SimClock;
  /** Where the host's end appears: a symlink to the pty, like /dev/serial/by-id/… for a real board. */
  link: string;
  /** socat to run (default: the one on PATH). */
  socat?: string;
}

const INSTALL_SOCAT = 'install socat (Debian/Ubuntu: sudo apt-get install socat; macOS: brew install socat)';

async function waitUntil(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new NbError('NB_ERR_IO', `timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export class TtyBridge {
  readonly avr: AvrBoard;
  /** The path a host opens. */
  readonly path: string;
  private readonly clock: SimClock;
  private readonly socatPath: string;
  private socat: ChildProcess | null = null;
  private port: SerialPort | null = null;

  private constructor(options: TtyBridgeOptions) {
    this.avr = options.avr;
    this.clock = options.clock;
    this.path = options.link;
    this.socatPath = options.socat ?? 'socat';
    this.avr.uart.hostListening = true;
    this.avr.uart.onTransmit = (byte) => {
      if (this.port?.isOpen) this.port.write(Buffer.of(byte));
    };
  }

  /** Creates the tty pair and connects the board to its end; the host's end is at `link`. */
  static async open(options: TtyBridgeOptions): Promise<TtyBridge> {
    if (existsSync(options.link)) {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `${options.link} already exists; pick another path for the board's tty`, { field: 'link' });
    }
    const bridge = new TtyBridge(options);
    await bridge.plug();
    return bridge;
  }

  /** Plugged in again after unplug(): a new tty pair at the same path, the board still powered. */
  async plug(): Promise<void> {
    if (this.socat) return;
    const boardEnd = `${this.path}.board`;
    const child = spawn(this.socatPath, [`pty,raw,echo=0,link=${this.path}`, `pty,raw,echo=0,link=${boardEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-1000)));
    const failed = new Promise<never>((_, reject) => {
      child.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? new NbError('NB_ERR_TOOL_MISSING', `socat is needed for a board on a tty: ${INSTALL_SOCAT}`) : err),
      );
      child.once('exit', (code) => reject(new NbError('NB_ERR_IO', `socat exited (${code}) before the ttys were made: ${stderr.trim()}`)));
    });
    failed.catch(() => undefined);
    this.socat = child;
    try {
      await Promise.race([waitUntil(() => existsSync(this.path) && existsSync(boardEnd), `socat's ttys at ${this.path}`), failed]);
      const port = new SerialPort({ path: boardEnd, baudRate: 115200, autoOpen: false });
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
      port.on('data', (data: Buffer) => this.avr.uart.write(data, this.clock.lagCycles(this.avr)));
      // When the pair goes away the board's end errors (EIO); the board runs on, unheard, like a real one.
      port.on('error', () => undefined);
      this.port = port;
    } catch (err) {
      await this.unplug();
      throw err;
    }
  }

  /** Yanks the cable: the tty pair goes away under both ends, as a USB device node vanishes. */
  async unplug(): Promise<void> {
    const child = this.socat;
    const port = this.port;
    this.socat = null;
    this.port = null;
    // (No pid: socat never started, so there is nothing to stop.)
    if (child && child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM'); // socat then closes both ttys and removes its links
      await exited;
    }
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await waitUntil(() => !existsSync(this.path), `${this.path} to vanish`);
  }

  async close(): Promise<void> {
    await this.unplug();
    this.avr.uart.onTransmit = null;
    this.avr.uart.hostListening = false;
  }
}
