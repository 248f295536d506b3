/// <reference types="w3c-web-serial" />
/**
 * One open Web Serial port as the neutral code's SerialPortHandle (src/platform/serialBinding.ts),
 * keeping the contract the native and emulated bindings keep, so the line transport and the STK500
 * flasher run over it unchanged:
 *
 * - read: from the port's readable stream, one reader held while the port is open; a chunk larger
 *   than the caller asked for is kept for the next read, never dropped. A break, framing, parity or
 *   overrun error is not fatal in Web Serial (the port offers a new readable stream): the read goes
 *   on from it. Any other failure (NetworkError: the USB cable was pulled) rejects the read with a
 *   `disconnect` error, so the transport reports the board gone.
 * - write: through the writable stream's writer, resolving once the browser has taken the bytes.
 * - set: DTR and RTS in ONE setSignals call (esptool-js #222: two calls make two USB control
 *   requests, and some drivers reset the board between them).
 * - update (baud rate): Web Serial cannot change the speed of an open port, so the port is closed and
 *   opened again at the new speed. Opening asserts DTR on macOS and Linux, which resets an Uno: a
 *   caller that needs another speed opens the port at it instead (the flasher does).
 * - close: cancel the reader (a pending read then rejects with `canceled`, and the reader stops
 *   quietly), release both locks, then close the port, in that order: closing a port whose streams
 *   are locked fails.
 *
 * Opening asserts DTR and RTS (macOS, Linux), as on Node: it resets an Uno, Nano or Mega, and the
 * transport waits for its BOOT (firmware/PROTOCOL.md).
 */
import { NbError } from '../../core/errors.js';
import type { SerialPortHandle, SerialSignals } from '../../platform/serialBinding.js';

/**
 * Bytes the browser buffers from the port while nobody reads (Web Serial's default is 255). The
 * readers here always have a read pending, so this is only a margin for a slow page.
 */
const BUFFER_BYTES = 4096;

/** Read errors after which the port gives a new readable stream and reading goes on (the Web Serial spec's non-fatal ones). */
const NON_FATAL_READ_ERRORS = new Set(['BreakError', 'FramingError', 'ParityError', 'BufferOverrunError']);

/** Errors shaped like the other bindings': `canceled` for our own close, `disconnect` for a pulled cable. */
export class WebSerialError extends Error {
  readonly canceled: boolean;
  readonly disconnect: boolean;
  constructor(message: string, options: { canceled?: boolean; disconnect?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WebSerialError';
    this.canceled = options.canceled ?? false;
    this.disconnect = options.disconnect ?? false;
  }
}

const nameOf = (err: unknown): string => (err instanceof Error ? err.name : '');
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Why `port.open()` failed, and what to do, for the port `where`. */
function openError(where: string, err: unknown): NbError {
  const name = nameOf(err);
  const why =
    name === 'NetworkError'
      ? 'another program or browser tab has it open (the Arduino IDE\'s Serial Monitor, another neuroboard tab), or the board was just unplugged: close the other one or plug the board back in, then try again'
      : name === 'InvalidStateError'
        ? 'it is already open in this page: close the board there first'
        : name === 'SecurityError'
          ? 'the browser does not let this page use serial ports (a school or company policy may block them: its administrator can allow this site)'
          : `the browser said: ${messageOf(err)}. Unplug the board, plug it back in and try again`;
  return new NbError('NB_ERR_PORT_OPEN', `cannot open ${where}: ${why}.`, { field: 'port', cause: err });
}

export class WebSerialHandle implements SerialPortHandle {
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  private writer: WritableStreamDefaultWriter<Uint8Array> | null = null;
  /** What the last read got beyond what its caller asked for. */
  private kept: Uint8Array | null = null;
  private reading = false;
  private open = true;
  private closing = false;
  /** The failure that ended the link (an unplug); every later call rejects with it. */
  private lost: WebSerialError | null = null;
  /** Set while update() closes and reopens the port: a pending read waits for it instead of ending. */
  private reopening: Promise<void> | null = null;
  private lastWrite: Promise<void> = Promise.resolve();
  /** Both lines are asserted when a port opens (macOS, Linux). */
  private signals: SerialSignals = { dtr: true, rts: true };

  private constructor(
    private readonly port: SerialPort,
    /** "webserial:2 (USB 2341:0043, uno)", for messages. */
    readonly where: string,
    private baudRate: number,
  ) {}

  /** Opens `port` at `baudRate`; NB_ERR_PORT_OPEN saying why not and what to do. */
  static async open(port: SerialPort, where: string, baudRate: number): Promise<WebSerialHandle> {
    try {
      await port.open({ baudRate, bufferSize: BUFFER_BYTES });
    } catch (err) {
      throw openError(where, err);
    }
    return new WebSerialHandle(port, where, baudRate);
  }

  get isOpen(): boolean {
    return this.open;
  }

  async read(buffer: Uint8Array, offset: number, length: number): Promise<{ buffer: Uint8Array; bytesRead: number }> {
    if (!(buffer instanceof Uint8Array)) throw new TypeError('"buffer" is not a Uint8Array');
    if (!Number.isInteger(offset) || !Number.isInteger(length) || length < 1 || buffer.length < offset + length) {
      throw new TypeError('"offset" and "length" must be integers within the buffer');
    }
    if (!this.open) throw new WebSerialError(`${this.where} is closed`, { canceled: true });
    if (this.lost) throw this.lost;
    if (this.reading) throw new Error(`${this.where}: a read is already pending`);
    this.reading = true;
    try {
      let chunk = this.kept;
      this.kept = null;
      while (!chunk || chunk.length === 0) chunk = await this.nextChunk();
      const n = Math.min(length, chunk.length);
      buffer.set(chunk.subarray(0, n), offset);
      if (n < chunk.length) this.kept = chunk.subarray(n);
      return { buffer, bytesRead: n };
    } finally {
      this.reading = false;
    }
  }

  /** The next chunk from the port, going on through non-fatal errors and a reopen; rejects when the link ends. */
  private async nextChunk(): Promise<Uint8Array> {
    for (;;) {
      // (A loop: the next reopen may have begun by the time this one is awaited.)
      while (this.reopening) await this.reopening.catch(() => undefined);
      if (this.closing || !this.open) throw new WebSerialError(`${this.where} was closed`, { canceled: true });
      if (this.lost) throw this.lost;
      const reader = this.readerNow();
      let result: Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
      try {
        result = await reader.read();
      } catch (err) {
        if (this.reopening) continue;
        if (this.closing) throw new WebSerialError(`${this.where} was closed`, { canceled: true });
        if (NON_FATAL_READ_ERRORS.has(nameOf(err))) {
          // The bytes around a glitch are lost; the line protocol resyncs on the next newline.
          this.releaseReader();
          continue;
        }
        throw this.fail(err);
      }
      if (result.done) {
        if (this.reopening) continue;
        if (this.closing) throw new WebSerialError(`${this.where} was closed`, { canceled: true });
        throw this.fail(new Error('the port stopped giving data'));
      }
      return result.value;
    }
  }

  private readerNow(): ReadableStreamDefaultReader<Uint8Array> {
    if (this.reader) return this.reader;
    const readable = this.port.readable;
    if (!readable) throw this.fail(new Error('the port has no data to read (it was lost)'));
    this.reader = readable.getReader();
    return this.reader;
  }

  private releaseReader(): void {
    try {
      this.reader?.releaseLock();
    } catch {
      // already released with its stream
    }
    this.reader = null;
  }

  /** Ends the link for good: the board is gone (unplugged, or its USB chip failed). */
  private fail(err: unknown): WebSerialError {
    this.lost ??= new WebSerialError(`${this.where}: the board is gone (${messageOf(err)}): it was unplugged, or its USB cable or chip failed. Plug it back in.`, {
      disconnect: true,
      cause: err,
    });
    return this.lost;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('"bytes" is not a Uint8Array');
    if (!this.open) throw new WebSerialError(`${this.where} is closed`, { canceled: true });
    if (this.lost) throw this.lost;
    while (this.reopening) await this.reopening;
    const writing = this.writerNow().write(bytes);
    this.lastWrite = writing.catch(() => undefined);
    try {
      await writing;
    } catch (err) {
      if (this.closing) throw new WebSerialError(`${this.where} was closed while writing`, { canceled: true });
      throw this.fail(err);
    }
  }

  private writerNow(): WritableStreamDefaultWriter<Uint8Array> {
    if (this.writer) return this.writer;
    const writable = this.port.writable;
    if (!writable) throw this.fail(new Error('the port cannot be written to (it was lost)'));
    this.writer = writable.getWriter();
    return this.writer;
  }

  /** DTR and RTS (and break) in one setSignals call. */
  async set(signals: SerialSignals): Promise<void> {
    if (typeof signals !== 'object' || signals === null) throw new TypeError('"signals" is not an object');
    if (!this.open) throw new Error(`${this.where} is not open`);
    if (this.lost) throw this.lost;
    try {
      await this.port.setSignals({
        dataTerminalReady: signals.dtr,
        requestToSend: signals.rts,
        ...(signals.brk === undefined ? {} : { break: signals.brk }),
      });
    } catch (err) {
      throw nameOf(err) === 'NetworkError' ? this.fail(err) : new Error(`${this.where}: cannot set DTR/RTS (${messageOf(err)})`, { cause: err });
    }
    this.signals = { dtr: signals.dtr, rts: signals.rts };
  }

  /** Closes and reopens the port at `baudRate` (Web Serial has no speed change on an open port); a pending read goes on after it. */
  async update(options: { baudRate: number }): Promise<void> {
    if (typeof options?.baudRate !== 'number') throw new TypeError('"options.baudRate" is not a number');
    if (!this.open) throw new Error(`${this.where} is not open`);
    if (this.lost) throw this.lost;
    if (options.baudRate === this.baudRate) return;
    const reopen = async (): Promise<void> => {
      await this.releaseStreams();
      await this.port.close();
      await this.port.open({ baudRate: options.baudRate, bufferSize: BUFFER_BYTES });
      this.baudRate = options.baudRate;
      if (!this.signals.dtr || !this.signals.rts) await this.port.setSignals({ dataTerminalReady: this.signals.dtr, requestToSend: this.signals.rts });
    };
    this.reopening = reopen();
    try {
      await this.reopening;
    } catch (err) {
      throw this.fail(err);
    } finally {
      this.reopening = null;
    }
  }

  async drain(): Promise<void> {
    if (!this.open) throw new Error(`${this.where} is not open`);
    await this.lastWrite;
  }

  async close(): Promise<void> {
    if (!this.open) throw new Error(`${this.where} is not open`);
    this.open = false;
    this.closing = true;
    this.kept = null;
    await this.releaseStreams();
    try {
      await this.port.close();
    } catch {
      // A port whose board is gone may refuse; it is closed for us either way.
    }
  }

  /** Cancels the reader (a pending read ends), then lets go of both streams. */
  private async releaseStreams(): Promise<void> {
    const reader = this.reader;
    if (reader) await reader.cancel().catch(() => undefined);
    this.releaseReader();
    const writer = this.writer;
    this.writer = null;
    try {
      writer?.releaseLock();
    } catch {
      // already released
    }
  }
}
