/// <reference types="w3c-web-serial" />
/**
 * A fake `navigator.serial` for headless Chromium, whose ports are real emulated boards: the real
 * firmware behind the real bootloaders (src/sim), on the browser scheduler at real time. Chromium's
 * own fake serial service needs its internal test build, so the tests put this in its place
 * (page.addInitScript, or a worker's bundle) and the code under test meets the Web Serial surface as
 * Chromium gives it:
 *
 * - `requestPort()` needs a user gesture (`navigator.userActivation.isActive`, else SecurityError),
 *   checks its filters (TypeError), lists the plugged ports that match and rejects with
 *   NotFoundError when none does (or the "person" picks none); workers have no requestPort.
 * - `getPorts()` gives the granted ports that are plugged in.
 * - `port.open({ baudRate })` asserts DTR and RTS (macOS, Linux), which resets an Uno through its
 *   auto-reset capacitor; a port held by "another program" or unplugged fails with NetworkError, an
 *   open one with InvalidStateError.
 * - `readable`/`writable` are streams while open; `setSignals({ dataTerminalReady: false })` then
 *   `true` resets the board; `getInfo()` gives the USB ids of the board's kind.
 * - `close()` fails while a stream is locked, as the spec's cancel/abort do.
 * - Unplugging errors the readable and writable with NetworkError ("The device has been lost.") and
 *   fires `disconnect` at the port and at navigator.serial. Plugged back in, the device is a NEW
 *   SerialPort object (Chromium makes one per USB enumeration); it stays granted, with a `connect`
 *   event, only when the device has a USB serial number (Chromium's CanStorePersistentEntry): a CH340
 *   clone must be chosen again.
 *
 * Test powers (press, LED level, unplug, a program holding the port) are on FakeUsbDevice, never on
 * the Web Serial surface.
 */
import type { BoardCatalogue } from '../../../src/catalogue/boardCatalogue.js';
import type { SerialPortHandle } from '../../../src/platform/serialBinding.js';
import type { SimBoard } from '../../../src/sim/avr/simBoard.js';
import type { SimRegistry } from '../../../src/sim/simBinding.js';

const lost = (): DOMException => new DOMException('The device has been lost.', 'NetworkError');

/** Fires `type` at the port and, bubbling, at navigator.serial (whose listeners see the port as the target). */
function fire(serial: FakeSerial, port: FakeSerialPort, type: 'connect' | 'disconnect'): void {
  const atPort = new Event(type, { bubbles: true });
  port.dispatchEvent(atPort);
  (type === 'connect' ? port.onconnect : port.ondisconnect)?.call(port as SerialPort, atPort);
  const atSerial = new Event(type, { bubbles: true });
  Object.defineProperty(atSerial, 'target', { get: () => port });
  serial.dispatchEvent(atSerial);
  (type === 'connect' ? serial.onconnect : serial.ondisconnect)?.call(serial, atSerial);
}

export interface FakeDeviceOptions {
  /** The catalogue's kind of board ("uno", "nano-old", "mega"). */
  kind: string;
  /** Board id in its EEPROM (default derived from its path). */
  id?: string;
  /** Which of the kind's USB chips it has (index into its profile's `usb`; default 0). */
  usb?: number;
  /** Its USB serial number; null for a chip without one (CH340 clones), whose grant does not survive an unplug. Default: one made up. */
  serialNumber?: string | null;
  /** Granted to this origin already (chosen on an earlier visit); default true. */
  granted?: boolean;
}

/** One USB board: an emulated board and the SerialPort object of its current enumeration. */
export class FakeUsbDevice {
  readonly sim: SimBoard;
  readonly usbVendorId: number;
  readonly usbProductId: number;
  readonly serialNumber: string | null;
  port: FakeSerialPort;
  /** Another program (the Arduino IDE, another tab) has the port open: opening it here fails. */
  heldElsewhere = false;
  granted: boolean;

  constructor(
    readonly serial: FakeSerial,
    sim: SimBoard,
    options: FakeDeviceOptions,
  ) {
    this.sim = sim;
    const usb = sim.avr.profile.usb[options.usb ?? 0];
    if (!usb) throw new Error(`${options.kind} has no USB chip ${options.usb ?? 0} in its profile`);
    this.usbVendorId = parseInt(usb.vendorId, 16);
    this.usbProductId = parseInt(usb.productId, 16);
    this.serialNumber = options.serialNumber === undefined ? `NB${sim.path.replace(/\W/g, '')}` : options.serialNumber;
    this.granted = options.granted ?? true;
    this.port = new FakeSerialPort(this);
  }

  get plugged(): boolean {
    return this.sim.plugged;
  }

  press(channel: number): void {
    this.sim.press(channel);
  }

  release(channel: number): void {
    this.sim.release(channel);
  }

  ledLevel(channel: number): number {
    return this.sim.ledLevel(channel);
  }

  inject(text: string): void {
    this.sim.inject(text);
  }

  /** The USB cable pulled: the board loses power, the open port's streams error, `disconnect` fires. */
  unplug(): void {
    if (!this.plugged) return;
    this.sim.unplug();
    this.port.lose();
    if (this.granted) fire(this.serial, this.port, 'disconnect');
    // Chromium keeps a grant only for a device it can recognise again: one with a serial number.
    if (this.serialNumber === null) this.granted = false;
  }

  /** Plugged back in: powered up, a new SerialPort object; `connect` fires where it is still granted. */
  replug(): void {
    if (this.plugged) return;
    this.sim.replug();
    this.port = new FakeSerialPort(this);
    if (this.granted) fire(this.serial, this.port, 'connect');
  }
}

const SIGNALS_EMPTY = "Failed to execute 'setSignals' on 'SerialPort': Signals dictionary is empty.";

export class FakeSerialPort extends EventTarget implements SerialPort {
  onconnect: ((this: SerialPort, ev: Event) => void) | null = null;
  ondisconnect: ((this: SerialPort, ev: Event) => void) | null = null;
  private state: 'closed' | 'opening' | 'opened' = 'closed';
  private handle: SerialPortHandle | null = null;
  private readableStream: ReadableStream<Uint8Array> | null = null;
  private readableController: ReadableStreamDefaultController<Uint8Array> | null = null;
  private writableStream: WritableStream<Uint8Array> | null = null;
  private writableController: WritableStreamDefaultController | null = null;
  private signals = { dtr: false, rts: false, brk: false };
  private dead = false;

  constructor(readonly device: FakeUsbDevice) {
    super();
  }

  /** This object is the device's current enumeration and the device is plugged in. */
  get connected(): boolean {
    return !this.dead && this.device.port === this && this.device.plugged;
  }

  getInfo(): SerialPortInfo {
    return { usbVendorId: this.device.usbVendorId, usbProductId: this.device.usbProductId };
  }

  async open(options: SerialOptions): Promise<void> {
    if (typeof options !== 'object' || options === null || typeof options.baudRate !== 'number') {
      throw new TypeError("Failed to execute 'open' on 'SerialPort': Required member is undefined.");
    }
    if (!(options.baudRate > 0)) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested baud rate must be greater than zero.");
    if (options.dataBits !== undefined && options.dataBits !== 7 && options.dataBits !== 8) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested number of data bits must be 7 or 8.");
    if (options.stopBits !== undefined && options.stopBits !== 1 && options.stopBits !== 2) throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested number of stop bits must be 1 or 2.");
    if (options.bufferSize !== undefined && !(options.bufferSize > 0 && options.bufferSize <= 16 * 1024 * 1024)) {
      throw new TypeError("Failed to execute 'open' on 'SerialPort': Requested buffer size must be greater than zero and at most 16777216.");
    }
    if (this.state === 'opened') throw new DOMException('The port is already open.', 'InvalidStateError');
    if (this.state === 'opening') throw new DOMException('A call to open() is already in progress.', 'InvalidStateError');
    if (!this.connected || this.device.heldElsewhere) throw new DOMException('Failed to open serial port.', 'NetworkError');
    this.state = 'opening';
    try {
      // The OS asserts DTR and RTS on open (macOS, Linux): the emulated board resets as an Uno does.
      this.handle = await this.device.serial.registry.binding.open({ path: this.device.sim.path, baudRate: options.baudRate });
    } catch {
      this.state = 'closed';
      throw new DOMException('Failed to open serial port.', 'NetworkError');
    }
    this.signals = { dtr: true, rts: true, brk: false };
    this.state = 'opened';
    void this.pump(this.handle);
  }

  /** Moves the board's bytes into the readable stream while one exists (bytes with no stream are dropped, as Chromium flushes). */
  private async pump(handle: SerialPortHandle): Promise<void> {
    const buffer = new Uint8Array(256);
    for (;;) {
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buffer, 0, buffer.length));
      } catch {
        return; // closed (canceled) or unplugged (lose() errors the streams)
      }
      this.readableController?.enqueue(buffer.slice(0, n));
    }
  }

  get readable(): ReadableStream<Uint8Array> | null {
    if (this.state !== 'opened' || this.dead) return null;
    this.readableStream ??= new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.readableController = controller;
      },
      cancel: () => {
        this.readableController = null;
        this.readableStream = null;
      },
    });
    return this.readableStream;
  }

  get writable(): WritableStream<Uint8Array> | null {
    if (this.state !== 'opened' || this.dead) return null;
    this.writableStream ??= new WritableStream<Uint8Array>({
      start: (controller) => {
        this.writableController = controller;
      },
      write: async (chunk: unknown) => {
        if (!ArrayBuffer.isView(chunk) && !(chunk instanceof ArrayBuffer)) throw new TypeError('The provided value is not of type \'(ArrayBuffer or ArrayBufferView)\'.');
        // Copied as Chromium copies it into its pipe: the caller may reuse its buffer.
        const bytes = ArrayBuffer.isView(chunk) ? new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength)) : new Uint8Array(chunk.slice(0));
        try {
          await this.handle!.write(bytes);
        } catch {
          throw lost();
        }
      },
      close: async () => {
        await this.handle?.drain().catch(() => undefined);
        this.writableStream = null;
        this.writableController = null;
      },
      abort: () => {
        this.writableStream = null;
        this.writableController = null;
      },
    });
    return this.writableStream;
  }

  async setSignals(signals: SerialOutputSignals): Promise<void> {
    if (this.state !== 'opened') throw new DOMException('The port is closed.', 'InvalidStateError');
    if (signals.dataTerminalReady === undefined && signals.requestToSend === undefined && signals.break === undefined) throw new TypeError(SIGNALS_EMPTY);
    if (this.dead) throw new DOMException('Failed to set control signals.', 'NetworkError');
    this.signals = {
      dtr: signals.dataTerminalReady ?? this.signals.dtr,
      rts: signals.requestToSend ?? this.signals.rts,
      brk: signals.break ?? this.signals.brk,
    };
    this.device.serial.signalCalls.push({ ...signals });
    await this.handle!.set({ dtr: this.signals.dtr, rts: this.signals.rts, brk: this.signals.brk });
  }

  async getSignals(): Promise<SerialInputSignals> {
    if (this.state !== 'opened') throw new DOMException('The port is closed.', 'InvalidStateError');
    if (this.dead) throw new DOMException('Failed to get control signals.', 'NetworkError');
    return { dataCarrierDetect: false, clearToSend: false, ringIndicator: false, dataSetReady: false };
  }

  async close(): Promise<void> {
    if (this.state !== 'opened') throw new DOMException('The port is already closed.', 'InvalidStateError');
    // The spec's close(): cancel the readable and abort the writable, which reject while a reader or writer holds them.
    await Promise.all([this.readableStream?.cancel(), this.writableStream?.abort()]);
    this.readableStream = null;
    this.readableController = null;
    this.writableStream = null;
    this.writableController = null;
    const handle = this.handle;
    this.handle = null;
    this.state = 'closed';
    if (handle?.isOpen) await handle.close();
  }

  async forget(): Promise<void> {
    this.device.granted = false;
    if (this.state === 'opened') {
      this.readableController?.error(new DOMException('The port was forgotten.', 'NetworkError'));
      this.writableController?.error(new DOMException('The port was forgotten.', 'NetworkError'));
      this.readableStream = null;
      this.writableStream = null;
      await this.close().catch(() => undefined);
    }
  }

  /**
   * A line glitch (a break, a framing or parity error, an overrun): Web Serial errors the readable with
   * it, and `readable` gives a new stream; the port stays open.
   */
  glitch(name: 'BreakError' | 'FramingError' | 'ParityError' | 'BufferOverrunError'): void {
    this.readableController?.error(new DOMException(`A ${name} was received.`, name));
    this.readableController = null;
    this.readableStream = null;
  }

  /** The device went away: both streams error as Chromium's do, and this object never opens again. */
  lose(): void {
    this.dead = true;
    this.readableController?.error(lost());
    this.writableController?.error(lost());
    this.readableController = null;
    this.writableController = null;
    this.readableStream = null;
    this.writableStream = null;
  }
}

/** Picks the port the "person" chooses in the browser's chooser; null closes it. Default: the first listed. */
export type Chooser = (ports: FakeSerialPort[]) => FakeSerialPort | null;

export class FakeSerial extends EventTarget implements Serial {
  onconnect: ((this: this, ev: Event) => void) | null = null;
  ondisconnect: ((this: this, ev: Event) => void) | null = null;
  readonly devices: FakeUsbDevice[] = [];
  chooser: Chooser = (ports) => ports[0] ?? null;
  /** Every setSignals call, as made: to check that DTR and RTS go together. */
  readonly signalCalls: SerialOutputSignals[] = [];
  /** The filters of the last requestPort call, as given. */
  lastFilters: SerialPortFilter[] | undefined;

  constructor(
    readonly registry: SimRegistry,
    readonly catalogue: BoardCatalogue,
    /** In a dedicated worker there is no port picker. */
    inWorker = false,
  ) {
    super();
    if (inWorker) Object.defineProperty(this, 'requestPort', { value: undefined });
  }

  /** A board plugged in (powered, its firmware booting). */
  plug(options: FakeDeviceOptions): FakeUsbDevice {
    const sim = this.registry.create(options.kind, options.id === undefined ? {} : { id: options.id });
    const device = new FakeUsbDevice(this, sim, options);
    this.devices.push(device);
    if (device.granted) fire(this, device.port, 'connect');
    return device;
  }

  async getPorts(): Promise<SerialPort[]> {
    return this.devices.filter((d) => d.plugged && d.granted).map((d) => d.port as SerialPort);
  }

  async requestPort(options?: SerialPortRequestOptions): Promise<SerialPort> {
    const activation = (globalThis as { navigator?: { userActivation?: { isActive: boolean } } }).navigator?.userActivation;
    if (!activation?.isActive) {
      throw new DOMException("Failed to execute 'requestPort' on 'Serial': Must be handling a user gesture to show a permission request.", 'SecurityError');
    }
    return this.choose(options?.filters);
  }

  /**
   * What the browser's picker does once it may be shown: checks the filters (TypeError), lists the
   * plugged ports that match, and grants the one the "person" chooses (NotFoundError for none). A
   * page's requestPort in another context than the boards (the site's worker has them) comes here.
   */
  choose(filters: SerialPortFilter[] | undefined): FakeSerialPort {
    this.lastFilters = filters;
    for (const filter of filters ?? []) {
      if (filter.usbVendorId === undefined && filter.usbProductId === undefined && filter.bluetoothServiceClassId === undefined) {
        throw new TypeError("Failed to execute 'requestPort' on 'Serial': A filter must provide a property to filter by.");
      }
      if (filter.usbProductId !== undefined && filter.usbVendorId === undefined) {
        throw new TypeError("Failed to execute 'requestPort' on 'Serial': A filter containing a usbProductId must also specify a usbVendorId.");
      }
    }
    const matches = (d: FakeUsbDevice): boolean =>
      !filters || filters.length === 0 || filters.some((f) => (f.usbVendorId === undefined || f.usbVendorId === d.usbVendorId) && (f.usbProductId === undefined || f.usbProductId === d.usbProductId));
    const listed = this.devices.filter((d) => d.plugged && matches(d)).map((d) => d.port);
    const chosen = this.chooser(listed);
    if (!chosen || !listed.includes(chosen)) throw new DOMException('No port selected by the user.', 'NotFoundError');
    chosen.device.granted = true;
    return chosen;
  }
}
