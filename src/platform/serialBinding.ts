/**
 * A serial port as the neutral code needs it, whatever the host: the native serialport binding on
 * Node, Web Serial in a browser, the emulated boards on both. Shaped after serialport's
 * `BindingInterface`/`BindingPortInterface` (so its bindings adapt in a few lines: src/hosts/node),
 * with Uint8Array instead of Buffer and only the members we use. Listing ports is left to each host:
 * Web Serial cannot list, it asks the person.
 *
 * The contract every binding keeps (serialport's own): one read at a time, resolving as soon as at
 * least one byte is there; closing the port makes a pending read reject with an error whose
 * `canceled` is true (the reader then stops quietly); any other rejection means the link is gone (a
 * USB cable pulled) and the reader reports it.
 */

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
}

/** The modem lines, set together in one call: Web Serial's setSignals and the OS ioctl take both at once (esptool-js #222). */
export interface SerialSignals {
  dtr: boolean;
  rts: boolean;
  brk?: boolean;
}

export interface SerialPortHandle {
  readonly isOpen: boolean;
  /** Reads at most `length` bytes into `buffer` at `offset`; waits until there is at least one. */
  read(buffer: Uint8Array, offset: number, length: number): Promise<{ buffer: Uint8Array; bytesRead: number }>;
  write(bytes: Uint8Array): Promise<void>;
  set(signals: SerialSignals): Promise<void>;
  update(options: { baudRate: number }): Promise<void>;
  /** Resolves once everything written has left. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface SerialBinding {
  open(options: SerialOpenOptions): Promise<SerialPortHandle>;
}

/** True for the rejection of a read (or write) that the port's own close() cut short. */
export function isCanceled(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { canceled?: unknown }).canceled === true;
}
