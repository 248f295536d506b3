/**
 * Cuts a byte stream into lines (PROTOCOL.md, "Link"), the one line splitter of both ends of the
 * wire. Bytes are kept as one character each (0–255), so noise survives for the decoders to refuse,
 * and memory stays bounded whatever arrives (a board at the wrong baud rate, a stuck line, weeks).
 *
 * - `firmware` (the default), what the firmware does with the host's bytes (the fake board runs it):
 *   `\n` ends a line, `\r` is dropped wherever it is and not counted, and a line longer than
 *   `maxLine` (MAX_LINE) is not kept: the rest up to `\n` is discarded and the line is reported as
 *   `long` (the board answers `ERR LONG`).
 * - `host`, what the host does with a board's bytes (SerialNeuronBoard): every byte but `\n` is kept
 *   and counted, `\r` included (decodeBoardLine ignores it), a longer line is cut to its first
 *   `maxLine` characters and handed on, so the decoder says it is too long, and an empty line (a bare
 *   `\n`) is no line at all (as serialport's ReadlineParser, which the host used before, has it).
 */
import { MAX_LINE } from './constants.js';

export type FramedLine = { kind: 'line'; text: string } | { kind: 'long'; length: number };

export interface LineFramerOptions {
  mode?: 'firmware' | 'host';
  /** Most characters kept of a line; default MAX_LINE. */
  maxLine?: number;
}

const LF = 0x0a;
const CR = 0x0d;

export class LineFramer {
  private readonly host: boolean;
  private readonly maxLine: number;
  private chars: string[] = [];
  /** Characters seen in the current line (also past maxLine, where they are no longer kept). */
  private length = 0;

  constructor(options: LineFramerOptions = {}) {
    this.host = options.mode === 'host';
    this.maxLine = options.maxLine ?? MAX_LINE;
  }

  /** Feeds bytes (a string is taken as one byte per character, low 8 bits); returns the lines completed. */
  push(bytes: Uint8Array | string): FramedLine[] {
    const out: FramedLine[] = [];
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const b = typeof bytes === 'string' ? bytes.charCodeAt(i) & 0xff : (bytes[i] ?? 0);
      if (b === CR && !this.host) continue;
      if (b === LF) {
        if (this.host && this.length === 0) continue;
        out.push(this.length > this.maxLine && !this.host ? { kind: 'long', length: this.length } : { kind: 'line', text: this.chars.join('') });
        this.chars = [];
        this.length = 0;
        continue;
      }
      this.length++;
      if (this.length <= this.maxLine) this.chars.push(String.fromCharCode(b));
      else if (!this.host) this.chars.length = 0;
    }
    return out;
  }

  /** Drops a half line (what a board reset does to its receive buffer). */
  reset(): void {
    this.chars = [];
    this.length = 0;
  }
}
