/**
 * A serialport binding whose ports are simulated boards, so the host opens one exactly as it opens
 * hardware: `new SerialPortStream({ binding: SimBinding, path: 'sim:uno:0', baudRate: 115200 })`.
 * It follows the @serialport/bindings-interface contract the way binding-mock and bindings-cpp do:
 * a read waits until there is data; closing makes a pending read reject with `canceled: true`
 * (SerialPortStream then stays quiet), while an unplug makes it reject with a disconnect error
 * (SerialPortStream then closes and emits `close` with a DisconnectedError), as a USB yank does.
 *
 * Opening the port resets the board (DTR), as on a real Uno, so the host sees BOOT after open, once
 * the board's real bootloader has run and started the sketch (see AvrBoard).
 */
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo, PortStatus, SetOptions, UpdateOptions } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import type { BoardCatalogue } from '../catalogue/boardCatalogue.js';
import type { HexFiles } from './avr/flashImage.js';
import { SimBoard, idForPath } from './avr/simBoard.js';
import type { SimBoardOptions, SimPortLink } from './avr/simBoard.js';
import type { SimClock } from './avr/simClock.js';

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

const nextTick = (): Promise<void> => new Promise((resolve) => process.nextTick(resolve));

interface PendingRead {
  buffer: Buffer;
  offset: number;
  length: number;
  resolve: (value: { buffer: Buffer; bytesRead: number }) => void;
  reject: (err: Error) => void;
}

export class SimPortBinding implements BindingPortInterface, SimPortLink {
  readonly openOptions: Required<OpenOptions>;
  isOpen = true;
  private readonly board: SimBoard;
  private readonly clock: SimClock;
  private rx: number[] = [];
  private pending: PendingRead | null = null;
  private deliveryQueued = false;
  private unplugged = false;
  private dtr = true;

  constructor(board: SimBoard, clock: SimClock, openOptions: Required<OpenOptions>) {
    this.board = board;
    this.clock = clock;
    this.openOptions = openOptions;
  }

  /** From the board: one byte off the wire. */
  receive(byte: number): void {
    this.rx.push(byte);
    if (this.pending && !this.deliveryQueued) {
      this.deliveryQueued = true;
      process.nextTick(() => this.deliver());
    }
  }

  /** From the board: it was unplugged. Pending and later reads and writes fail as after a USB yank. */
  disconnect(): void {
    this.unplugged = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new SimBindingError(`${this.board.path}: device disconnected (unplugged)`, { disconnect: true, code: 'ENXIO' }));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    if (!Number.isInteger(offset) || !Number.isInteger(length) || buffer.length < offset + length) {
      throw new TypeError('"offset" and "length" must be integers within the buffer');
    }
    if (!this.isOpen) throw new SimBindingError('Port is not open', { canceled: true });
    if (this.unplugged) throw new SimBindingError(`${this.board.path}: device disconnected (unplugged)`, { disconnect: true, code: 'ENXIO' });
    if (this.pending) throw new Error('a read is already pending');
    await nextTick();
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

  async write(buffer: Buffer): Promise<void> {
    if (!Buffer.isBuffer(buffer)) throw new TypeError('"buffer" is not a Buffer');
    if (!this.isOpen) throw new SimBindingError('Port is not open', { canceled: true });
    await nextTick();
    if (this.unplugged) throw new SimBindingError(`${this.board.path}: write failed, device disconnected (unplugged)`, { disconnect: true, code: 'EIO' });
    if (!this.isOpen) throw new SimBindingError('Write canceled', { canceled: true });
    this.board.avr.uart.write(buffer, this.clock.lagCycles(this.board.avr));
    this.clock.poke();
  }

  async update(options: UpdateOptions): Promise<void> {
    if (typeof options?.baudRate !== 'number') throw new TypeError('"options.baudRate" is not a number');
    this.assertOpen();
    await nextTick();
    this.openOptions.baudRate = options.baudRate;
    this.board.avr.uart.hostBaudRate = options.baudRate;
  }

  /** DTR asserted after being dropped pulses the board's RESET through the auto-reset capacitor. */
  async set(options: SetOptions): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new TypeError('"options" is not an object');
    this.assertOpen();
    await nextTick();
    const dtr = options.dtr ?? true;
    if (dtr && !this.dtr && this.board.avr.profile.resetOnOpen) this.board.reset('external');
    this.dtr = dtr;
  }

  async get(): Promise<PortStatus> {
    this.assertOpen();
    await nextTick();
    return { cts: true, dsr: true, dcd: false };
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    this.assertOpen();
    await nextTick();
    return { baudRate: this.openOptions.baudRate };
  }

  async flush(): Promise<void> {
    this.assertOpen();
    await nextTick();
    this.rx = [];
    this.board.avr.uart.flush();
  }

  async drain(): Promise<void> {
    this.assertOpen();
    await nextTick();
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
  readonly binding: BindingInterface<SimPortBinding>;
  private readonly files: HexFiles;
  private readonly boards = new Map<string, SimBoard>();
  private readonly ports = new Map<string, SimPortBinding>();

  constructor(options: SimRegistryOptions) {
    this.clock = options.clock;
    this.catalogue = options.catalogue;
    this.files = options.files;
    this.binding = {
      list: () => this.list(),
      open: (options) => this.open(options),
    };
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

  async list(): Promise<PortInfo[]> {
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

  async open(options: OpenOptions): Promise<SimPortBinding> {
    if (!options || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('"options" is not an object');
    if (!options.path) throw new TypeError('"path" is not a valid port');
    if (!options.baudRate) throw new TypeError('"baudRate" is not a valid baudRate');
    const openOptions: Required<OpenOptions> = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    };
    await nextTick();
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
