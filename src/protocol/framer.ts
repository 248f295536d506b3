/**
 * Cuts a byte stream into lines the way the firmware does (PROTOCOL.md, "Link"): `\n` ends a line,
 * `\r` is dropped wherever it is, and a line longer than MAX_LINE is not kept: the rest up to `\n` is
 * discarded and the line is reported as `long` (the board answers `ERR LONG`). Bytes are kept as one
 * character each (0–255), so noise survives for `decodeHostLine` to answer `ERR NOISE`.
 * Memory stays bounded whatever arrives.
 */
import { MAX_LINE } from './constants.js';

export type FramedLine = { kind: 'line'; text: string } | { kind: 'long'; length: number };

const LF = 0x0a;
const CR = 0x0d;

export class LineFramer {
  private chars: string[] = [];
  /** Characters seen in the current line (also past MAX_LINE, where they are no longer kept). */
  private length = 0;

  /** Feeds bytes (a string is taken as one byte per character, low 8 bits); returns the lines completed. */
  push(bytes: Uint8Array | string): FramedLine[] {
    const out: FramedLine[] = [];
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      const b = typeof bytes === 'string' ? bytes.charCodeAt(i) & 0xff : (bytes[i] ?? 0);
      if (b === CR) continue;
      if (b === LF) {
        out.push(this.length > MAX_LINE ? { kind: 'long', length: this.length } : { kind: 'line', text: this.chars.join('') });
        this.chars = [];
        this.length = 0;
        continue;
      }
      this.length++;
      if (this.length <= MAX_LINE) this.chars.push(String.fromCharCode(b));
      else this.chars.length = 0;
    }
    return out;
  }

  /** Drops a half line (what a board reset does to its receive buffer). */
  reset(): void {
    this.chars = [];
    this.length = 0;
  }
}
