/**
 * fuzz: the protocol decoders (decodeBoardLine, decodeHostLine, LineFramer) on 50,000 seeded random
 * and mutated lines (flipped bytes, truncation, duplicated fields, huge numbers, unicode, overlong
 * repeats), plus fast-check's own line arbitraries. Nothing throws, nothing is slow, every accepted
 * line re-encodes to the same message, and the framer never hands out or keeps more than MAX_LINE.
 * The million-line run is `npm run soak -- --fuzz` (bench/soak/fuzz.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBoardLine, decodeHostLine, LineFramer, MAX_LINE } from '../../src/protocol/index.js';
import { fuzzDecoders } from '../../bench/soak/decoderFuzz.js';
import { fuzzLine, mutate } from '../../bench/soak/lines.js';
import { seededRandom } from '../../bench/soak/random.js';
import { anyLine } from '../protocol/arbitraries.js';

describe('fuzz: protocol decoders', () => {
  it('50,000 seeded random and mutated lines: no throw, no slow line, round trips hold, framer bounded', () => {
    const result = fuzzDecoders({ lines: 50_000, seed: 20261125 });
    expect(result.examples).toEqual([]);
    expect(result.throws).toBe(0);
    expect(result.roundTripFailures).toBe(0);
    expect(result.framerViolations).toBe(0);
    // Some of the mutated lines must still be valid, or the generator only tests the first check.
    expect(result.accepted.board).toBeGreaterThan(1000);
    expect(result.accepted.host).toBeGreaterThan(1000);
    expect(result.slowestLineMs).toBeLessThan(250);
  });

  it('the generator really mutates: flipped, truncated, duplicated, huge and unicode fields all occur', () => {
    const r = seededRandom(3);
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const line = mutate(r, 'LED 1 200');
      if (line.length < 'LED 1 200'.length) seen.add('truncated');
      if (/LED LED|1 1 |200 200/.test(line)) seen.add('duplicated');
      if (/4294967296|1e308|18446744073709551616/.test(line)) seen.add('huge');
      if (/[^\u0000-\u00ff]/.test(line)) seen.add('unicode');
      if (line.length > MAX_LINE) seen.add('overlong');
    }
    expect([...seen].sort()).toEqual(['duplicated', 'huge', 'overlong', 'truncated', 'unicode']);
    expect(new Set(Array.from({ length: 100 }, () => fuzzLine(r))).size).toBeGreaterThan(95);
  });

  it('fast-check lines fed to the framer in random chunks come out at most MAX_LINE long, and decode without throwing', () => {
    fc.assert(
      fc.property(fc.array(anyLine, { maxLength: 20 }), fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 10 }), (lines, cuts) => {
        const stream = lines.join('\n');
        const framer = new LineFramer();
        let at = 0;
        let i = 0;
        while (at < stream.length) {
          const n = cuts[i++ % cuts.length]!;
          for (const framed of framer.push(stream.slice(at, at + n))) {
            if (framed.kind === 'line') {
              expect(framed.text.length).toBeLessThanOrEqual(MAX_LINE);
              expect(() => decodeBoardLine(framed.text)).not.toThrow();
              expect(() => decodeHostLine(framed.text)).not.toThrow();
            } else expect(framed.length).toBeGreaterThan(MAX_LINE);
          }
          at += n;
        }
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});
