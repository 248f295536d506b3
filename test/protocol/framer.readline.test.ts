/**
 * The host's line splitter against the library it replaces: for random byte streams (protocol lines,
 * noise bytes, \r, overlong lines) cut at random chunk boundaries, LineFramer in host mode gives the
 * lines serialport's ReadlineParser gives (with latin1, one character per byte), each cut to the
 * 4 × MAX_LINE bytes the host keeps of a line (the LineLengthGuard it replaced kept as many).
 */
import { ReadlineParser } from '@serialport/parser-readline';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBoardMessage, LineFramer } from '../../src/protocol/index.js';
import { MAX_LINE_KEPT } from '../../src/transports/lineLink.js';
import { boardMessage } from './arbitraries.js';

/** ReadlineParser's lines for the chunks, as SerialPortStream would hand them (no end of stream: a session never ends one). */
function readline(chunks: Uint8Array[]): string[] {
  const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
  const lines: string[] = [];
  parser.on('data', (line: string) => lines.push(line));
  for (const chunk of chunks) parser.write(Buffer.from(chunk));
  return lines;
}

function framer(chunks: Uint8Array[]): string[] {
  const f = new LineFramer({ mode: 'host', maxLine: MAX_LINE_KEPT });
  return chunks.flatMap((chunk) => f.push(chunk)).map((framed) => (framed.kind === 'line' ? framed.text : `<long ${framed.length}>`));
}

const piece = fc.oneof(
  boardMessage.map((m) => `${encodeBoardMessage(m)}\n`),
  fc.string({ maxLength: 20 }).map((s) => `${s}\n`),
  fc.uint8Array({ maxLength: 30 }).map((b) => String.fromCharCode(...b)),
  fc.constantFrom('\r', '\n', '\r\n', '\n\n'),
  fc.integer({ min: MAX_LINE_KEPT - 2, max: 3 * MAX_LINE_KEPT }).map((n) => `${'X'.repeat(n)}\n`),
);

describe('LineFramer (host mode) and ReadlineParser cut the same lines', () => {
  it('for random streams cut at random chunk boundaries (every line cut to 4 × MAX_LINE)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 25 }), (pieces, cuts) => {
        const bytes = Uint8Array.from(pieces.join(''), (ch) => ch.charCodeAt(0) & 0xff);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let from = 0;
        for (const p of [...points, bytes.length]) {
          chunks.push(bytes.subarray(from, p));
          from = p;
        }
        expect(framer(chunks)).toEqual(readline(chunks).map((line) => line.slice(0, MAX_LINE_KEPT)));
      }),
      { numRuns: 1000 },
    );
  });
});
