/**
 * Fuzzes the protocol decoders: every line through decodeBoardLine and decodeHostLine (must return
 * a value, never throw, never take long), every accepted board line re-encoded and decoded to the
 * same message, and the whole byte stream through LineFramer in random chunk sizes (lines never
 * longer than MAX_LINE, memory bounded).
 */
import { decodeBoardLine, decodeHostLine, encodeBoardMessage, encodeCommand, LineFramer, MAX_LINE } from '../../src/protocol/index.js';
import { fuzzLine } from './lines.js';
import { seededRandom } from './random.js';

export interface DecoderFuzzResult {
  lines: number;
  bytes: number;
  throws: number;
  /** Accepted lines whose re-encoding decodes to something else. */
  roundTripFailures: number;
  /** Framer output longer than MAX_LINE or framer memory above MAX_LINE. */
  framerViolations: number;
  accepted: { board: number; host: number };
  slowestLineMs: number;
  examples: string[];
  linesPerSecond: number;
}

export function fuzzDecoders(options: { lines: number; seed: number; progress?: (done: number) => void; progressEvery?: number }): DecoderFuzzResult {
  const r = seededRandom(options.seed);
  const framer = new LineFramer();
  const result: DecoderFuzzResult = { lines: 0, bytes: 0, throws: 0, roundTripFailures: 0, framerViolations: 0, accepted: { board: 0, host: 0 }, slowestLineMs: 0, examples: [], linesPerSecond: 0 };
  const note = (what: string, line: string) => {
    if (result.examples.length < 10) result.examples.push(`${what}: ${JSON.stringify(line.slice(0, 120))}`);
  };
  const started = performance.now();
  let pending = '';
  for (let i = 0; i < options.lines; i++) {
    const line = fuzzLine(r);
    const t0 = performance.now();
    try {
      const board = decodeBoardLine(line);
      if (board.kind !== 'error' && board.kind !== 'incompatible') {
        result.accepted.board += 1;
        if (JSON.stringify(decodeBoardLine(encodeBoardMessage(board))) !== JSON.stringify(board)) {
          result.roundTripFailures += 1;
          note('board round trip', line);
        }
      }
      const host = decodeHostLine(line, { channels: r.int(1, 8), maxChannels: 8 });
      if (host !== null && host.kind !== 'error') {
        result.accepted.host += 1;
        if (JSON.stringify(decodeHostLine(encodeCommand(host))) !== JSON.stringify(host)) {
          result.roundTripFailures += 1;
          note('host round trip', line);
        }
      }
    } catch (err) {
      result.throws += 1;
      note(`threw ${(err as Error).message}`, line);
    }
    const ms = performance.now() - t0;
    if (ms > result.slowestLineMs) result.slowestLineMs = ms;
    // The same lines as one byte stream, cut at random places, some without their newline.
    pending += r.chance(0.95) ? `${line}\n` : line;
    if (pending.length > 256 || i === options.lines - 1) {
      let at = 0;
      while (at < pending.length) {
        const n = r.int(1, 64);
        for (const framed of framer.push(pending.slice(at, at + n))) {
          if (framed.kind === 'line' && framed.text.length > MAX_LINE) {
            result.framerViolations += 1;
            note('framer line too long', framed.text);
          }
        }
        at += n;
      }
      result.bytes += pending.length;
      pending = '';
      const kept = (framer as unknown as { chars: string[] }).chars.length;
      if (kept > MAX_LINE) result.framerViolations += 1;
    }
    result.lines += 1;
    if (options.progress && (i + 1) % (options.progressEvery ?? 100_000) === 0) options.progress(i + 1);
  }
  result.linesPerSecond = Math.round(result.lines / ((performance.now() - started) / 1000));
  result.slowestLineMs = Number(result.slowestLineMs.toFixed(2));
  return result;
}
