import { describe, expect, it } from 'vitest';
import { decodeHostLine, LineFramer, MAX_LINE } from '../../src/protocol/index.js';

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('LineFramer (the firmware side of the link)', () => {
  it('cuts lines at \\n and drops \\r wherever it is', () => {
    expect(new LineFramer().push(bytes('WHO\r\nLE\rD 0 1\n'))).toEqual([
      { kind: 'line', text: 'WHO' },
      { kind: 'line', text: 'LED 0 1' },
    ]);
  });

  it('keeps a half line across chunks until its \\n arrives', () => {
    const f = new LineFramer();
    expect(f.push(bytes('PIN'))).toEqual([]);
    expect(f.push(bytes('G 7\nWH'))).toEqual([{ kind: 'line', text: 'PING 7' }]);
    expect(f.push('O\n')).toEqual([{ kind: 'line', text: 'WHO' }]);
  });

  it('reports an overlong line once, discards it up to \\n, then carries on', () => {
    const f = new LineFramer();
    const long = 'X'.repeat(MAX_LINE + 1);
    expect(f.push(bytes(`${long.slice(0, 30)}`))).toEqual([]);
    expect(f.push(bytes(`${long.slice(30)}${'Y'.repeat(5000)}\nWHO\n`))).toEqual([
      { kind: 'long', length: MAX_LINE + 1 + 5000 },
      { kind: 'line', text: 'WHO' },
    ]);
  });

  it('accepts exactly 48 characters (\\r not counted)', () => {
    const line = `PING ${'0'.repeat(MAX_LINE - 5)}`;
    expect(new LineFramer().push(bytes(`${line}\r\n`))).toEqual([{ kind: 'line', text: line }]);
  });

  it('keeps noise bytes so decodeHostLine can answer NOISE', () => {
    const [framed] = new LineFramer().push(Uint8Array.of(0x57, 0x48, 0x4f, 0xc3, 0xa9, 0x0a));
    expect(framed).toEqual({ kind: 'line', text: 'WHO\xc3\xa9' });
    if (framed?.kind === 'line') expect(decodeHostLine(framed.text)).toMatchObject({ code: 'NOISE' });
  });

  it('reset() drops a half line, as a board reset clears its receive buffer', () => {
    const f = new LineFramer();
    f.push('LED 0 ');
    f.reset();
    expect(f.push('WHO\n')).toEqual([{ kind: 'line', text: 'WHO' }]);
  });
});

describe('LineFramer in host mode (the host side of the link: what SerialNeuronBoard reads)', () => {
  const host = (maxLine = 10) => new LineFramer({ mode: 'host', maxLine });
  const texts = (framed: ReturnType<LineFramer['push']>) => framed.map((f) => (f.kind === 'line' ? f.text : `<long ${f.length}>`));

  it('passes short lines through untouched, \\r and noise included, an empty line not at all, whatever the chunking (byte by byte)', () => {
    const f = host(48);
    expect(texts([...bytes('OK LED\r\nPONG 1 2\n\n\x00\xff\n')].flatMap((b) => f.push(Uint8Array.of(b))))).toEqual(['OK LED\r', 'PONG 1 2', '\x00\xff']);
  });

  it('cuts a line that never ends (1 MB without \\n) to its first maxLine bytes, and the next line survives', () => {
    const f = host(10);
    expect(f.push(new Uint8Array(1 << 20).fill(0x41))).toEqual([]);
    expect(texts(f.push(bytes('\nOK LED\n')))).toEqual(['A'.repeat(10), 'OK LED']);
  });

  it('counts a line across chunks, \r counted too', () => {
    const f = host(10);
    expect(f.push(bytes('0123456'))).toEqual([]);
    expect(texts(f.push(bytes('789abc\nxy\n')))).toEqual(['0123456789', 'xy']);
    expect(texts(f.push(bytes('\r\r\r\r\r\r\r\r\r\r\r\n')))).toEqual(['\r'.repeat(10)]);
  });
});
