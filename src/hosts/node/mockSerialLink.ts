/**
 * The serial line between the host and a FakeBoard (src/sim/fake) on Node, built on
 * @serialport/binding-mock: the "mock serial layer", reached through the same serialport adapter as
 * the native binding (serialportBindings.ts), so the fake boards exercise it too. The mock has no hook
 * for "the host wrote bytes" nor a way to unplug, so each opened mock port is wrapped: writes are
 * handed to the board once the mock accepts them, and `unplug()` fails the pending read and every
 * later call with a non-canceled error, which a reader takes for a disconnect, as a yanked USB cable
 * does with the real binding.
 */
import type { MockPortBinding } from '@serialport/binding-mock' with { 'resolution-mode': 'require' };
import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPortMock } from 'serialport';
import type { FakeLink, FakeLinkHandlers } from '../../sim/fake/fakeBoard.js';
import type { SerialBinding } from '../../platform/serialBinding.js';
import { fromSerialportBinding } from './serialportBindings.js';

// binding-mock's ESM entry ships no types; serialport's CommonJS build re-exports the same binding, typed.
const MockBinding = SerialPortMock.binding;

function yankedError(path: string): Error {
  return Object.assign(new Error(`EIO: input/output error, ${path} was unplugged`), { code: 'EIO' });
}

/** One opened mock port, wrapped so the board hears host writes and an unplug can fail it. */
class FakePort implements BindingPortInterface {
  private yanked = false;
  private failRead: ((err: Error) => void) | null = null;

  constructor(
    private readonly inner: MockPortBinding,
    private readonly link: MockSerialLink,
  ) {}

  get openOptions(): Required<OpenOptions> {
    return this.inner.openOptions;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  private check(): void {
    if (this.yanked) throw yankedError(this.inner.openOptions.path);
  }

  /** Cuts the cable: the read in progress and every later call fail like a real yank. */
  yank(): void {
    this.yanked = true;
    this.failRead?.(yankedError(this.inner.openOptions.path));
  }

  emit(text: string): void {
    if (this.inner.isOpen && !this.yanked) this.inner.emitData(Buffer.from(text, 'latin1'));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    this.check();
    return new Promise((resolve, reject) => {
      this.failRead = reject;
      this.inner.read(buffer, offset, length).then(resolve, reject);
    });
  }

  async write(buffer: Buffer): Promise<void> {
    this.check();
    await this.inner.write(buffer);
    this.check();
    this.link.deliver(this, Uint8Array.from(buffer));
  }

  async close(): Promise<void> {
    if (this.inner.isOpen) await this.inner.close();
  }

  async update(options: UpdateOptions): Promise<void> {
    this.check();
    return this.inner.update(options);
  }
  async set(options: SetOptions): Promise<void> {
    this.check();
    return this.inner.set(options);
  }
  async get() {
    this.check();
    return this.inner.get();
  }
  async getBaudRate() {
    this.check();
    return this.inner.getBaudRate();
  }
  async flush(): Promise<void> {
    this.check();
    return this.inner.flush();
  }
  async drain(): Promise<void> {
    this.check();
    return this.inner.drain();
  }
}

/** The cable and port of one fake board: `binding` is what the host opens. */
export class MockSerialLink implements FakeLink {
  readonly binding: SerialBinding;
  /** The same port as serialport's binding, for tests that read it as a stream. */
  readonly serialportBinding: BindingInterface;
  private port: FakePort | null = null;
  private plugged = true;

  constructor(
    readonly path: string,
    private readonly handlers: FakeLinkHandlers,
  ) {
    MockBinding.createPort(path);
    this.serialportBinding = {
      list: async (): Promise<PortInfo[]> => (this.plugged ? (await MockBinding.list()).filter((p) => p.path === path) : []),
      open: async (options: OpenOptions): Promise<BindingPortInterface> => {
        if (!this.plugged || options.path !== path) {
          throw Object.assign(new Error(`ENOENT: no such file or directory, cannot open ${options.path}`), { code: 'ENOENT' });
        }
        const port = new FakePort(await MockBinding.open(options), this);
        this.port = port;
        this.handlers.opened();
        return port;
      },
    };
    this.binding = fromSerialportBinding(this.serialportBinding);
  }

  /** True while a host has the port open. */
  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  /** Sends raw text to the host (one byte per character); dropped when no host has the port open. */
  send(text: string): void {
    this.port?.emit(text);
  }

  deliver(from: FakePort, bytes: Uint8Array): void {
    if (from === this.port && this.plugged) this.handlers.received(bytes);
  }

  unplug(): void {
    this.plugged = false;
    this.port?.yank();
    this.port = null;
  }

  replug(): void {
    this.plugged = true;
  }
}

/** What a FakeBoard is given on Node to make its link. */
export function mockSerialLink(path: string, handlers: FakeLinkHandlers): MockSerialLink {
  return new MockSerialLink(path, handlers);
}
