/**
 * An open serial port as lines, which is all the line transport needs of it (serialBoard.ts is the
 * protocol client on top): the board's bytes read in a loop and cut into lines by the protocol's one
 * splitter, bounded at 4 × MAX_LINE so that a board at the wrong baud rate or a stuck line cannot
 * grow memory for weeks (a longer line is cut, and decodes as too long); and the host's lines
 * written in order, those asked for while one is on its way going out together, as a stream batches
 * them. Bytes are one character each both ways (a noise byte never merges with the next line, as
 * UTF-8 would make it).
 */
import { textToBytes } from '../platform/bytes.js';
import { isCanceled, type SerialPortHandle } from '../platform/serialBinding.js';
import { LineFramer, MAX_LINE } from '../protocol/index.js';

/** Bytes kept of one line: four times the protocol's longest. */
export const MAX_LINE_KEPT = 4 * MAX_LINE;

interface Waiting {
  bytes: Uint8Array;
  resolve(): void;
  reject(err: unknown): void;
}

export class LineLink {
  private readonly framer = new LineFramer({ mode: 'host', maxLine: MAX_LINE_KEPT });
  private waiting: Waiting[] = [];
  private writing = false;
  private closing = false;

  constructor(private readonly port: SerialPortHandle) {}

  get isOpen(): boolean {
    return this.port.isOpen && !this.closing;
  }

  /**
   * The lines the board sends, as they come, until the link ends: the iteration returns when the port
   * was closed here (or the binding says the stream ended), and throws what broke it otherwise (an
   * unplugged cable). One reader at a time.
   */
  async *lines(): AsyncGenerator<string> {
    const buffer = new Uint8Array(1024);
    for (;;) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.port.read(buffer, 0, buffer.length));
      } catch (err) {
        if (isCanceled(err) || this.closing) return;
        throw err;
      }
      if (bytesRead === 0) return;
      // The host's framer cuts a long line rather than reporting it: every framed line is a line.
      for (const framed of this.framer.push(buffer.subarray(0, bytesRead))) if (framed.kind === 'line') yield framed.text;
    }
  }

  /** Writes `text` (one byte per character); resolves once it has gone to the port, rejects if the port failed. */
  write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ bytes: textToBytes(text), resolve, reject });
      if (!this.writing) void this.writeWaiting();
    });
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      const bytes = new Uint8Array(batch.reduce((n, w) => n + w.bytes.length, 0));
      let at = 0;
      for (const w of batch) {
        bytes.set(w.bytes, at);
        at += w.bytes.length;
      }
      try {
        await this.port.write(bytes);
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }

  /** Closes the port (once); the reading loop then ends. Closing a port that is already gone is no error. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.port.isOpen) await this.port.close().catch(() => undefined);
  }
}
