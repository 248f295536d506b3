/**
 * The seam between serialport's bindings and ours (src/platform/serialBinding.ts), both ways, on the
 * Node host. Ours hand Uint8Array; serialport's want Buffer, which is a Uint8Array view: the bytes
 * are never copied, only looked at as the other type.
 *
 * - fromSerialportBinding: the native binding (@serialport/bindings-cpp) and binding-mock (the fake
 *   boards' wire) as a SerialBinding, for the line transport and the flasher.
 * - toSerialportBinding: any SerialBinding (the emulated boards) as a serialport binding, for what
 *   only talks to a SerialPortStream: johnny-five's Firmata, and tests reading a port as a stream.
 */
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo, PortStatus, SetOptions } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import type { SerialBinding, SerialPortHandle, SerialSignals } from '../../platform/serialBinding.js';

/** The same bytes as a Buffer (no copy). */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

class SerialportHandle implements SerialPortHandle {
  constructor(private readonly port: BindingPortInterface) {}

  get isOpen(): boolean {
    return this.port.isOpen;
  }

  async read(buffer: Uint8Array, offset: number, length: number): Promise<{ buffer: Uint8Array; bytesRead: number }> {
    const { bytesRead } = await this.port.read(asBuffer(buffer), offset, length);
    return { buffer, bytesRead };
  }

  write(bytes: Uint8Array): Promise<void> {
    return this.port.write(asBuffer(bytes));
  }

  set(signals: SerialSignals): Promise<void> {
    return this.port.set(signals);
  }

  update(options: { baudRate: number }): Promise<void> {
    return this.port.update(options);
  }

  drain(): Promise<void> {
    return this.port.drain();
  }

  close(): Promise<void> {
    return this.port.close();
  }
}

/** A serialport binding (native or mock) as ours. */
export function fromSerialportBinding(binding: BindingInterface): SerialBinding {
  return { open: async (options) => new SerialportHandle(await binding.open(options)) };
}

class StreamablePort implements BindingPortInterface {
  readonly openOptions: Required<OpenOptions>;

  constructor(
    private readonly handle: SerialPortHandle,
    options: OpenOptions,
  ) {
    this.openOptions = { dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options };
  }

  get isOpen(): boolean {
    return this.handle.isOpen;
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    const { bytesRead } = await this.handle.read(buffer, offset, length);
    return { buffer, bytesRead };
  }

  write(buffer: Buffer): Promise<void> {
    return this.handle.write(buffer);
  }

  /** SerialPortStream.set() fills in every line, so both are there. */
  set(options: SetOptions): Promise<void> {
    return this.handle.set({ dtr: options.dtr ?? true, rts: options.rts ?? true, ...(options.brk === undefined ? {} : { brk: options.brk }) });
  }

  async update(options: { baudRate: number }): Promise<void> {
    await this.handle.update(options);
    this.openOptions.baudRate = options.baudRate;
  }

  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }

  drain(): Promise<void> {
    return this.handle.drain();
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /** Not part of our seam (nothing we run asks for them). */
  async get(): Promise<PortStatus> {
    throw new Error(`${this.openOptions.path}: reading the modem lines is not supported here`);
  }

  async flush(): Promise<void> {
    throw new Error(`${this.openOptions.path}: flush is not supported here`);
  }
}

/** Our binding as serialport's, for SerialPortStream; `list` says which ports it has (default none). */
export function toSerialportBinding(binding: SerialBinding, list: () => Promise<PortInfo[]> = async () => []): BindingInterface {
  return {
    list,
    open: async (options: OpenOptions) => new StreamablePort(await binding.open(options), options),
  };
}

let native: SerialBinding | null = null;

/** The native serial binding, loaded only when something really opens a port (the CLI starts faster without it). */
export async function nativeSerialBinding(): Promise<SerialBinding> {
  if (!native) {
    const { autoDetect } = await import('@serialport/bindings-cpp');
    native = fromSerialportBinding(autoDetect() as unknown as BindingInterface);
  }
  return native;
}
