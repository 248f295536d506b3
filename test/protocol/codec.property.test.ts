import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBoardLine,
  decodeHostLine,
  encodeBoardMessage,
  encodeCommand,
  ERR_CODES,
  LineFramer,
  MAX_LINE,
} from '../../src/protocol/index.js';
import { anyLine, boardMessage, hostCommand, protocolish } from './arbitraries.js';

const PRINTABLE = /^[\x20-\x7e]*$/;

describe('protocol codec properties', () => {
  it('decodeBoardLine never throws on arbitrary strings, binary noise, unicode and overlong lines', () => {
    fc.assert(
      fc.property(anyLine, (line) => {
        const decoded = decodeBoardLine(line);
        expect(typeof decoded.kind).toBe('string');
        if (decoded.kind === 'error') {
          expect(decoded.line).toBe(line);
          expect(decoded.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('decodeHostLine never throws, and every refusal carries a spec ERR code', () => {
    fc.assert(
      fc.property(anyLine, fc.integer({ min: 1, max: 8 }), (line, channels) => {
        const decoded = decodeHostLine(line, { channels, maxChannels: 8 });
        if (decoded !== null && decoded.kind === 'error') expect(ERR_CODES).toContain(decoded.code);
      }),
      { numRuns: 2000 },
    );
  });

  it('garbage (non-printable characters, over 48 characters) is a typed error, never a message', () => {
    const noisy = fc
      .tuple(protocolish, fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 0x0d), fc.nat())
      .map(([line, c, at]) => {
        const i = at % (line.length + 1);
        return line.slice(0, i) + String.fromCharCode(c) + line.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string({ minLength: MAX_LINE + 1, maxLength: 300 }).filter((s) => s.replaceAll('\r', '').length > MAX_LINE)), (line) => {
        expect(decodeBoardLine(line).kind).toBe('error');
        const host = decodeHostLine(line);
        expect(host?.kind).toBe('error');
      }),
    );
  });

  it('every board message round-trips through encode → decode, within MAX_LINE printable characters', () => {
    fc.assert(
      fc.property(boardMessage, (message) => {
        const line = encodeBoardMessage(message);
        expect(line.length).toBeLessThanOrEqual(MAX_LINE);
        expect(line).toMatch(PRINTABLE);
        expect(decodeBoardLine(line)).toEqual(message);
        expect(decodeBoardLine(`${line}\r`)).toEqual(message);
      }),
      { numRuns: 1000 },
    );
  });

  it('every host command round-trips through encode → decode, within MAX_LINE printable characters', () => {
    fc.assert(
      fc.property(hostCommand, (command) => {
        const line = encodeCommand(command);
        expect(line.length).toBeLessThanOrEqual(MAX_LINE);
        expect(line).toMatch(PRINTABLE);
        expect(decodeHostLine(line)).toEqual(command);
      }),
      { numRuns: 1000 },
    );
  });

  it('a decoded board line re-encodes to itself (the decoder accepts only canonical lines, bar leading zeros)', () => {
    fc.assert(
      fc.property(protocolish, (line) => {
        const decoded = decodeBoardLine(line);
        if (decoded.kind === 'error' || decoded.kind === 'incompatible') return;
        const canonical = line.replaceAll('\r', '').replace(/(^| )0+(?=\d)/g, '$1');
        expect(encodeBoardMessage(decoded)).toBe(canonical);
      }),
      { numRuns: 3000 },
    );
  });

  it('the line framer gives the same lines however the bytes are split (byte by byte, halves, random chunks)', () => {
    const stream = fc.array(fc.oneof(hostCommand.map((c) => `${encodeCommand(c)}\n`), anyLine.map((l) => `${l}\n`), fc.string({ maxLength: 10 })), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), (parts, cuts) => {
        const bytes = Uint8Array.from(parts.join(''), (ch) => ch.charCodeAt(0) & 0xff);
        const whole = new LineFramer().push(bytes);
        const split = new LineFramer();
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunked = [];
        let from = 0;
        for (const p of [...points, bytes.length]) {
          chunked.push(...split.push(bytes.subarray(from, p)));
          from = p;
        }
        expect(chunked).toEqual(whole);
        const byteByByte = new LineFramer();
        expect([...bytes].flatMap((b) => byteByByte.push(Uint8Array.of(b)))).toEqual(whole);
        for (const framed of whole) if (framed.kind === 'line') expect(framed.text.length).toBeLessThanOrEqual(MAX_LINE);
      }),
      { numRuns: 500 },
    );
  });
});
