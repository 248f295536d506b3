/**
 * A serial port as a bootloader client needs it: bytes in, exact counts of bytes out with a
 * deadline, and the DTR line. Built straight on a SerialBinding (native, Web Serial or emulated), so
 * the same client flashes hardware and emulated boards. Time goes through `FlashTiming`, so a test can
 * run it on an emulator's virtual clock.
 */
import { NbError } from '../core/errors.js';
import type { SerialBinding, SerialPortHandle } from '../platform/serialBinding.js';

/** Wakes whoever waits on the link when something changed: bytes arrived, the port failed or closed. */
export class LinkChanges {
  private readonly waiters = new Set<() => void>();

  /** Calls `wake` at every change until the returned function is called. */
  watch(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}

export interface FlashTiming {
  sleep(ms: number): Promise<void>;
  /**
   * Resolves true once `ready()` holds, false after `ms`. `ready()` only changes when `changes`
   * notifies (the read loop, as bytes arrive): real time waits for that, a virtual clock runs the
   * emulator until it holds.
   */
  waitFor(ready: () => boolean, ms: number, changes: LinkChanges): Promise<boolean>;
  /** Milliseconds since some fixed point (for figures only). */
  now(): number;
}

/**
 * Wall-clock timing: what a real port needs. A wait ends when the read loop brings enough bytes, or at
 * its one deadline timer: never a poll, since browsers clamp nested timers to 4 ms and throttle
 * background tabs (and each poll would add a millisecond to every reply).
 */
export const wallTiming: FlashTiming = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  waitFor: (ready, ms, changes) =>
    new Promise((resolve) => {
      if (ready()) {
        resolve(true);
        return;
      }
      const finish = (result: boolean): void => {
        clearTimeout(deadline);
        unwatch();
        resolve(result);
      };
      const deadline = setTimeout(() => finish(ready()), ms);
      const unwatch = changes.watch(() => {
        if (ready()) finish(true);
      });
    }),
  now: () => performance.now(),
};

export class FlashLink {
  /** Bytes sent and received, for the wire-limit figure. */
  readonly counts = { sent: 0, received: 0 };
  private rx: number[] = [];
  private failure: Error | null = null;
  private closed = false;
  private readonly changes = new LinkChanges();

  private constructor(
    readonly path: string,
    private readonly port: SerialPortHandle,
    readonly timing: FlashTiming,
  ) {
    void this.readLoop();
  }

  static async open(binding: SerialBinding, path: string, baudRate: number, timing: FlashTiming = wallTiming): Promise<FlashLink> {
    let port: SerialPortHandle;
    try {
      port = await binding.open({ path, baudRate });
    } catch (err) {
      // A binding that already says what to do (Web Serial: another tab has it, a board to choose again) is passed on as it is.
      if (err instanceof NbError) throw err;
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
    const buffer = new Uint8Array(1024);
    while (!this.closed) {
      try {
        const { bytesRead } = await this.port.read(buffer, 0, buffer.length);
        for (let i = 0; i < bytesRead; i++) this.rx.push(buffer[i]!);
        this.counts.received += bytesRead;
      } catch (err) {
        if (!this.closed) this.failure = this.gone(err);
        this.changes.notify();
        return;
      }
      this.changes.notify();
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
    await this.setLines(false);
    await this.timing.sleep(250);
    await this.setLines(true);
    await this.timing.sleep(50);
  }

  /**
   * Both modem lines at once. A port with no lines to set (a pseudo-terminal: `neuroboard tty`, a
   * socat link, a serial-over-network bridge) refuses the ioctl; without the pulse the bootloader
   * never runs, so say that instead of the system's "Inappropriate ioctl for device".
   */
  private async setLines(level: boolean): Promise<void> {
    try {
      await this.port.set({ dtr: level, rts: level });
    } catch (err) {
      if (this.failure) throw this.failure;
      throw new NbError(
        'NB_ERR_PORT_OPEN',
        `${this.path} has no DTR line to reset the board into its bootloader (${err instanceof Error ? err.message : String(err)}): it is not a USB serial port but a pseudo-terminal, ` +
          "such as neuroboard tty's emulated board (which already runs the firmware and needs no flashing) or a socat or network bridge. " +
          'Flash a real board on its USB port: neuroboard ports lists them.',
        { field: 'port', cause: err },
      );
    }
  }

  /** Forgets whatever has arrived (the sketch's chatter before the bootloader took over). */
  drain(): void {
    this.rx = [];
  }

  async write(bytes: readonly number[] | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    try {
      await this.port.write(bytes instanceof Uint8Array ? bytes.slice() : Uint8Array.from(bytes));
    } catch (err) {
      throw this.failure ?? this.gone(err);
    }
    this.counts.sent += bytes.length;
  }

  /** Exactly `n` bytes, or null when they do not all come within `ms`. */
  async read(n: number, ms: number): Promise<Uint8Array | null> {
    const ok = await this.timing.waitFor(() => this.rx.length >= n || this.failure !== null || this.closed, ms, this.changes);
    if (this.failure) throw this.failure;
    if (!ok || this.rx.length < n) return null;
    return Uint8Array.from(this.rx.splice(0, n));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.changes.notify();
    if (this.port.isOpen) await this.port.close().catch(() => undefined);
  }
}
