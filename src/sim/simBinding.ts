/**
 * A serial binding (src/platform/serialBinding.ts) whose ports are simulated boards, so the host
 * opens one exactly as it opens hardware: `registry.binding.open({ path: 'sim:uno:0', baudRate })`.
 * It keeps the contract the native binding and binding-mock keep: a read waits until there is data;
 * closing makes a pending read reject with `canceled: true` (the reader then stays quiet), while an
 * unplug makes it reject with a disconnect error (the reader reports the board gone), as a USB yank does.
 *
 * Opening the port resets the board (DTR), as on a real Uno, so the host sees BOOT after open, once
 * the board's real bootloader has run and started the sketch (see AvrBoard).
 */
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import type { SerialBinding, SerialOpenOptions, SerialPortHandle, SerialSignals } from '../platform/serialBinding.js';
import type { HexFiles } from './avr/flashImage.js';
import { SimBoard, idForPath } from './avr/simBoard.js';
import type { SimBoardOptions, SimPortLink } from './avr/simBoard.js';
import type { SimClock } from './avr/simClock.js';

/** A plugged-in emulated board as a port list shows it (the fields serialport's list gives). */
export interface SimPortInfo {
  path: string;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  pnpId: undefined;
  locationId: undefined;
  vendorId: string | undefined;
  productId: string | undefined;
}

/** Errors shaped like bindings-cpp's: `canceled` for a close, `disconnect` for a yank. */
class SimBindingError extends Error {
  readonly canceled: boolean;
  readonly disconnect: boolean;
  readonly code: string | undefined;
  constructor(message: string, options: { canceled?: boolean; disconnect?: boolean; code?: string } = {}) {
    super(message);
    this.canceled = options.canceled ?? false;
    this.disconnect = options.disconnect ?? false;
    this.code = options.code;
  }
}

/** Like a real port, every call answers after the caller's own code has run on (a microtask later). */
const later = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve));

interface PendingRead {
  buffer: Uint8Array;
  offset: number;
  length: number;
  resolve: (value: { buffer: Uint8Array; bytesRead: number }) => void;
  reject: (err: Error) => void;
}

export class SimPortBinding implements SerialPortHandle, SimPortLink {
  readonly openOptions: SerialOpenOptions;
  isOpen = true;
  private readonly board: SimBoard;
  private readonly clock: SimClock;
  private rx: number[] = [];
  private pending: PendingRead | null = null;
  private deliveryQueued = false;
  private unplugged = false;
  private dtr = true;

  constructor(board: SimBoard, clock: SimClock, openOptions: SerialOpenOptions) {
    this.board = board;
    this.clock = clock;
    this.openOptions = openOptions;
  }

  /** From the board: one byte off the wire. */
  receive(byte: number): void {
    this.rx.push(byte);
    if (this.pending && !this.deliveryQueued) {
      this.deliveryQueued = true;
      queueMicrotask(() => this.deliver());
    }
  }

  /** From the board: it was unplugged. Pending and later reads and writes fail as after a USB yank. */
  disconnect(): void {
    this.unplugged = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new SimBindingError(`${this.board.path}: device disconnected (unplugged)`, { disconnect: true, code: 'ENXIO' }));
  }

  async read(buffer: Uint8Array, offset: number, length: number): Promise<{ buffer: Uint8Array; bytesRead: number }> {
    if (!(buffer instanceof Uint8Array)) throw new TypeError('"buffer" is not a Uint8Array');
    if (!Number.isInteger(offset) || !Number.isInteger(length) || buffer.length < offset + length) {
      throw new TypeError('"offset" and "length" must be integers within the buffer');
    }
    if (!this.isOpen) throw new SimBindingError('Port is not open', { canceled: true });
    if (this.unplugged) throw new SimBindingError(`${this.board.path}: device disconnected (unplugged)`, { disconnect: true, code: 'ENXIO' });
    if (this.pending) throw new Error('a read is already pending');
    await later();
    return new Promise((resolve, reject) => {
      this.pending = { buffer, offset, length, resolve, reject };
      if (this.rx.length > 0) this.deliver();
    });
  }

  private deliver(): void {
    this.deliveryQueued = false;
    const pending = this.pending;
    if (!pending || this.rx.length === 0) return;
    this.pending = null;
    const n = Math.min(pending.length, this.rx.length);
    for (let i = 0; i < n; i++) pending.buffer[pending.offset + i] = this.rx[i]!;
    this.rx = n === this.rx.length ? [] : this.rx.slice(n);
    pending.resolve({ buffer: pending.buffer, bytesRead: n });
  }

  async write(buffer: Uint8Array): Promise<void> {
    if (!(buffer instanceof Uint8Array)) throw new TypeError('"buffer" is not a Uint8Array');
    if (!this.isOpen) throw new SimBindingError('Port is not open', { canceled: true });
    await later();
    if (this.unplugged) throw new SimBindingError(`${this.board.path}: write failed, device disconnected (unplugged)`, { disconnect: true, code: 'EIO' });
    if (!this.isOpen) throw new SimBindingError('Write canceled', { canceled: true });
    this.board.avr.uart.write(buffer, this.clock.lagCycles(this.board.avr));
    this.clock.poke();
  }

  async update(options: { baudRate: number }): Promise<void> {
    if (typeof options?.baudRate !== 'number') throw new TypeError('"options.baudRate" is not a number');
    this.assertOpen();
    await later();
    this.openOptions.baudRate = options.baudRate;
    this.board.avr.uart.hostBaudRate = options.baudRate;
  }

  /** DTR asserted after being dropped pulses the board's RESET through the auto-reset capacitor. */
  async set(signals: SerialSignals): Promise<void> {
    if (typeof signals !== 'object' || signals === null) throw new TypeError('"signals" is not an object');
    this.assertOpen();
    await later();
    const dtr = signals.dtr;
    if (dtr && !this.dtr && this.board.avr.profile.resetOnOpen) this.board.reset('external');
    this.dtr = dtr;
  }

  async drain(): Promise<void> {
    this.assertOpen();
    await later();
  }

  async close(): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
    this.isOpen = false;
    this.clock.release();
    if (!this.unplugged) this.board.attach(null);
    this.rx = [];
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new SimBindingError('Port is closed', { canceled: true }));
  }

  private assertOpen(): void {
    if (!this.isOpen) throw new Error('Port is not open');
    if (this.unplugged) throw new SimBindingError(`${this.board.path}: device disconnected (unplugged)`, { disconnect: true, code: 'EIO' });
  }
}

export interface CreateBoardOptions extends Omit<SimBoardOptions, 'path' | 'profile' | 'files'> {
  /** Port path; default "sim:<board>:<n>" with the first free n. */
  path?: string;
}

export interface SimRegistryOptions {
  /** The kinds of board it can make. */
  catalogue: BoardCatalogue;
  /** Where their firmware and bootloader hex files come from. */
  files: HexFiles;
  clock: SimClock;
}

/**
 * The simulated boards one binding can reach, addressed by path, and the clock that drives them.
 * Whoever needs emulated boards makes one (nothing runs until then): the exhibit's sim source with
 * a realtime clock, tests with a virtual one.
 */
export class SimRegistry {
  readonly clock: SimClock;
  readonly catalogue: BoardCatalogue;
  readonly binding: SerialBinding;
  private readonly files: HexFiles;
  private readonly boards = new Map<string, SimBoard>();
  private readonly ports = new Map<string, SimPortBinding>();

  constructor(options: SimRegistryOptions) {
    this.clock = options.clock;
    this.catalogue = options.catalogue;
    this.files = options.files;
    this.binding = { open: (options) => this.open(options) };
  }

  /** Creates a board of the catalogue's kind `board`, plugged in and powered (it boots at once; opening its port resets it again). */
  create(board: string, options: CreateBoardOptions = {}): SimBoard {
    const profile = this.catalogue.get(board);
    let path = options.path;
    if (path === undefined) {
      let n = 0;
      while (this.boards.has(`sim:${board}:${n}`)) n++;
      path = `sim:${board}:${n}`;
    }
    if (this.boards.has(path)) throw new Error(`a simulated board already exists at ${path}`);
    const sim = new SimBoard({ ...options, profile, files: this.files, path });
    this.boards.set(path, sim);
    this.clock.add(sim.avr);
    return sim;
  }

  get(path: string): SimBoard | undefined {
    return this.boards.get(path);
  }

  all(): SimBoard[] {
    return [...this.boards.values()];
  }

  /** Removes a board for good (unplugging it first). */
  remove(path: string): void {
    const sim = this.boards.get(path);
    if (!sim) return;
    sim.unplug();
    this.clock.remove(sim.avr);
    this.boards.delete(path);
  }

  /** Removes every board and stops the clock. */
  clear(): void {
    for (const path of [...this.boards.keys()]) this.remove(path);
    this.clock.stop();
  }

  /** The plugged-in boards, as the host's port list would show them (with their kind's usual USB ids). */
  async list(): Promise<SimPortInfo[]> {
    return this.all()
      .filter((b) => b.plugged)
      .map((b) => {
        // The usual USB chip of the kind, so discovery code sees what the real board reports.
        const usb = b.avr.profile.usb[0];
        return {
          path: b.path,
          manufacturer: usb?.manufacturer,
          serialNumber: b.id ?? idForPath(b.path),
          pnpId: undefined,
          locationId: undefined,
          vendorId: usb?.vendorId,
          productId: usb?.productId,
        };
      });
  }

  async open(options: SerialOpenOptions): Promise<SimPortBinding> {
    if (!options || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('"options" is not an object');
    if (!options.path) throw new TypeError('"path" is not a valid port');
    if (!options.baudRate) throw new TypeError('"baudRate" is not a valid baudRate');
    const openOptions: SerialOpenOptions = { path: options.path, baudRate: options.baudRate };
    await later();
    const sim = this.boards.get(options.path);
    if (!sim || !sim.plugged) {
      throw new SimBindingError(`Error: No such file or directory, cannot open ${options.path}`, { code: 'ENOENT' });
    }
    const existing = this.ports.get(options.path);
    if (existing?.isOpen) throw new SimBindingError(`Error Resource temporarily unavailable Cannot lock port ${options.path}`, { code: 'EBUSY' });
    const port = new SimPortBinding(sim, this.clock, openOptions);
    this.clock.hold();
    this.ports.set(options.path, port);
    sim.attach(port);
    sim.avr.uart.hostBaudRate = openOptions.baudRate;
    sim.avr.uart.flush();
    if (sim.avr.profile.resetOnOpen) sim.reset('external');
    return port;
  }
}
