/**
 * A serial port as a bootloader client needs it: bytes in, exact counts of bytes out with a
 * deadline, and the DTR line. Built straight on a serialport binding (native or simulated), so the
 * same client flashes hardware and emulated boards. Time goes through `FlashTiming`, so a test can
 * run it on an emulator's virtual clock.
 */
import type { BindingInterface, BindingPortInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { NbError } from '../core/errors.js';

export interface FlashTiming {
  sleep(ms: number): Promise<void>;
  /** Resolves true once `ready()` holds, false after `ms`. */
  waitFor(ready: () => boolean, ms: number): Promise<boolean>;
  /** Milliseconds since some fixed point (for figures only). */
  now(): number;
}

/** Wall-clock timing: what a real port needs. waitFor polls every millisecond (a bootloader reply is never sooner). */
export const wallTiming: FlashTiming = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  waitFor: (ready, ms) =>
    new Promise((resolve) => {
      const until = Date.now() + ms;
      const check = (): void => {
        if (ready()) resolve(true);
        else if (Date.now() >= until) resolve(false);
        else setTimeout(check, 1);
      };
      check();
    }),
  now: () => performance.now(),
};

export class FlashLink {
  /** Bytes sent and received, for the wire-limit figure. */
  readonly counts = { sent: 0, received: 0 };
  private rx: number[] = [];
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly port: BindingPortInterface,
    readonly timing: FlashTiming,
  ) {
    void this.readLoop();
  }

  static async open(binding: BindingInterface, path: string, baudRate: number, timing: FlashTiming = wallTiming): Promise<FlashLink> {
    let port: BindingPortInterface;
    try {
      port = await binding.open({ path, baudRate });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const busy = /busy|lock|access is denied/i.test(message);
      throw new NbError(
        'NB_ERR_PORT_OPEN',
        busy
          ? `${path} is in use by another program: close the Arduino IDE's Serial Monitor, a running \`neuroboard start\`, or screen/minicom, then try again.`
          : `cannot open ${path} (${message}): plug the board in and check the path with \`neuroboard ports\`.`,
        { field: 'port', cause: err },
      );
    }
    return new FlashLink(path, port, timing);
  }

  private async readLoop(): Promise<void> {
    const buffer = Buffer.alloc(1024);
    while (!this.closed) {
      try {
        const { bytesRead } = await this.port.read(buffer, 0, buffer.length);
        for (let i = 0; i < bytesRead; i++) this.rx.push(buffer[i]!);
        this.counts.received += bytesRead;
      } catch (err) {
        if (!this.closed) this.failure = this.gone(err);
        return;
      }
    }
  }

  private gone(err: unknown): NbError {
    return new NbError('NB_ERR_BOARD_OFFLINE', `the port ${this.path} went away while flashing (${err instanceof Error ? err.message : String(err)}): plug the board back in and flash again; its bootloader is intact.`, {
      field: 'port',
      cause: err,
    });
  }

  /** Pulses RESET through the auto-reset capacitor, as avrdude does (DTR/RTS low 250 ms, then high). */
  async resetBoard(): Promise<void> {
    await this.port.set({ dtr: false, rts: false });
    await this.timing.sleep(250);
    await this.port.set({ dtr: true, rts: true });
    await this.timing.sleep(50);
  }

  /** Forgets whatever has arrived (the sketch's chatter before the bootloader took over). */
  drain(): void {
    this.rx = [];
  }

  async write(bytes: readonly number[] | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await this.port.write(Buffer.from(bytes));
    } catch (err) {
      throw this.failure ?? this.gone(err);
    }
    this.counts.sent += bytes.length;
  }

  /** Exactly `n` bytes, or null when they do not all come within `ms`. */
  async read(n: number, ms: number): Promise<Uint8Array | null> {
    const ok = await this.timing.waitFor(() => this.rx.length >= n || this.failure !== null || this.closed, ms);
    if (this.failure) throw this.failure;
    if (!ok || this.rx.length < n) return null;
    return Uint8Array.from(this.rx.splice(0, n));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.port.isOpen) await this.port.close().catch(() => undefined);
  }
}
