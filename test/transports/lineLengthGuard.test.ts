import { ReadlineParser } from '@serialport/parser-readline';
import { describe, expect, it } from 'vitest';
import { LineLengthGuard } from '../../src/transports/lineLengthGuard.js';

function run(chunks: Buffer[], max = 10): Promise<string[]> {
  const guard = new LineLengthGuard(max);
  const parser = guard.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
  const lines: string[] = [];
  parser.on('data', (l: string) => lines.push(l));
  return new Promise((resolve) => {
    parser.on('end', () => resolve(lines));
    for (const c of chunks) guard.write(c);
    guard.end();
  });
}

describe('LineLengthGuard', () => {
  it('passes short lines through untouched, whatever the chunking (byte by byte)', async () => {
    const text = 'OK LED\nPONG 1 2\n';
    expect(await run([...Buffer.from(text)].map((b) => Buffer.of(b)))).toEqual(['OK LED', 'PONG 1 2']);
  });

  it('cuts a line that never ends (1 MB without \\n) to the cap, and the next line survives', async () => {
    const lines = await run([Buffer.alloc(1 << 20, 0x41), Buffer.from('\nOK LED\n')], 10);
    expect(lines).toEqual(['A'.repeat(10), 'OK LED']);
  });

  it('counts a line across chunks', async () => {
    expect(await run([Buffer.from('0123456'), Buffer.from('789abc\nxy\n')], 10)).toEqual(['0123456789', 'xy']);
  });
});
