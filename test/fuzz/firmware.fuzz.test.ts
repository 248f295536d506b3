/**
 * fuzz: the firmware's own line parser, in the emulator (the committed hex on an emulated Uno,
 * virtual time). 3,000 random and mutated lines: every non-empty line gets exactly one reply, in
 * order, the same one decodeHostLine (the spec's reference in TypeScript) predicts; the board never
 * resets; a PING after every 250 lines gets its PONG. The million-line run is `npm run soak -- --fuzz`.
 */
import { describe, expect, it } from 'vitest';
import { fuzzFirmware } from '../../bench/soak/firmwareFuzz.js';

describe('fuzz: firmware line parser in the emulator', () => {
  it('3,000 random and mutated lines: one reply each, as the spec says, no reset, PONG after every batch', () => {
    const result = fuzzFirmware({ lines: 3000, seed: 424242, pingEvery: 250 });
    expect(result.examples).toEqual([]);
    expect(result.missingReplies).toBe(0);
    expect(result.disagreements).toBe(0);
    expect(result.boots).toBe(0);
    expect(result.pings).toBe(12);
    expect(result.pingsAnswered).toBe(12);
    expect(result.replies).toBe(result.nonEmptyLines + result.pings);
    // The lines reached every kind of refusal, not just one.
    expect(Object.keys(result.errCodes).sort()).toEqual(['ARGS', 'CHANNEL', 'LONG', 'NOISE', 'RANGE', 'UNKNOWN']);
  }, 60_000);
});
