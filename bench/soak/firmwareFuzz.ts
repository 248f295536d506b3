/**
 * Fuzzes the firmware's line parser in the emulator: the committed hex on an emulated Uno, driven
 * synchronously in virtual time (as fast as avr8js goes), fed random and mutated lines over its
 * UART. Checks, for every batch: each non-empty line got exactly one reply, in order, and the reply
 * is the one the TypeScript decoder (decodeHostLine, the spec's reference) predicts; the board never
 * printed BOOT (no reset, no watchdog); and a PING after each batch of `pingEvery` lines got its PONG.
 * The host keeps at most 60 bytes unanswered, as PROTOCOL.md's flow control asks; a line longer than
 * that is sent alone (the firmware discards it as it arrives and answers ERR LONG).
 */
import { decodeBoardLine, decodeHostLine, LineFramer, type BoardLimits } from '../../src/protocol/index.js';
import { SimBoard } from '../../src/sim/avr/simBoard.js';
import { fuzzCommandLine } from './lines.js';
import { seededRandom } from './random.js';
import { packageHexFiles, shippedCatalogue } from '../../src/hosts/node/boardFiles.js';

export interface FirmwareFuzzResult {
  lines: number;
  nonEmptyLines: number;
  replies: number;
  /** Lines that got no reply within the bound, or more than one. */
  missingReplies: number;
  /** Replies that differ from what decodeHostLine says the firmware answers. */
  disagreements: number;
  boots: number;
  pings: number;
  pingsAnswered: number;
  errCodes: Record<string, number>;
  emulatedSeconds: number;
  linesPerSecond: number;
  examples: string[];
}

const FLOW_LIMIT = 60;

/** What the reply to `text` must look like: its first fields, per decodeHostLine. */
function expectedReply(text: string | null, limits: BoardLimits): { prefix: string; channels?: number } | null {
  if (text === null) return { prefix: 'ERR LONG' };
  const decoded = decodeHostLine(text, limits);
  if (decoded === null) return null;
  switch (decoded.kind) {
    case 'error':
      return { prefix: `ERR ${decoded.code}` };
    case 'who':
      return { prefix: 'HELLO ' };
    case 'ping':
      return { prefix: `PONG ${decoded.seq} ` };
    case 'state':
      return { prefix: `STATE ${decoded.channel} ` };
    case 'channels':
      return { prefix: 'OK CHANNELS', channels: decoded.count };
    default:
      return { prefix: `OK ${decoded.kind.toUpperCase()}` };
  }
}

export function fuzzFirmware(options: {
  lines: number;
  seed: number;
  pingEvery?: number;
  progress?: (done: number, result: FirmwareFuzzResult) => void;
  progressEvery?: number;
}): FirmwareFuzzResult {
  const r = seededRandom(options.seed);
  const pingEvery = options.pingEvery ?? 500;
  const sim = new SimBoard({ profile: shippedCatalogue().get('uno'), files: packageHexFiles, path: 'fuzz:uno', id: 'f0220001', seed: options.seed });
  const received: string[] = [];
  let partial = '';
  sim.attach({
    receive: (byte) => {
      if (byte === 0x0a) {
        received.push(partial.replaceAll('\r', ''));
        partial = '';
      } else partial += String.fromCharCode(byte);
    },
    disconnect: () => undefined,
  });
  const result: FirmwareFuzzResult = {
    lines: 0,
    nonEmptyLines: 0,
    replies: 0,
    missingReplies: 0,
    disagreements: 0,
    boots: 0,
    pings: 0,
    pingsAnswered: 0,
    errCodes: {},
    emulatedSeconds: 0,
    linesPerSecond: 0,
    examples: [],
  };
  const note = (what: string) => {
    if (result.examples.length < 10) result.examples.push(what);
  };
  const avr = sim.avr;
  const startMs = avr.timeMs;
  const wall = performance.now();
  // The board boots once at power-up; everything after must be replies.
  avr.runUntil(() => received.some((l) => l.startsWith('BOOT ')), 3000);
  received.length = 0;
  const limits: BoardLimits = { channels: 1, maxChannels: 4 };
  const framer = new LineFramer();

  /** Sends bytes, waits for `expected` lines back (bounded), and checks them. */
  const exchange = (bytes: Buffer, expected: Array<{ prefix: string; channels?: number } | null>, shown: string[]): void => {
    const want = expected.filter((e) => e !== null);
    avr.uart.write(bytes);
    try {
      avr.runUntil(() => received.length >= want.length && avr.uart.pending === 0, 2000);
      avr.runFor(1); // a second reply to one line would show up now
    } catch {
      // counted below
    }
    const got = received.splice(0);
    const replies = got.filter((l) => !l.startsWith('BOOT ') && !/^IDLE \d+$/.test(l));
    result.boots += got.filter((l) => l.startsWith('BOOT ')).length;
    result.replies += replies.length;
    if (replies.length !== want.length) {
      result.missingReplies += Math.abs(want.length - replies.length);
      note(`${want.length} replies expected, got ${replies.length} for ${JSON.stringify(shown)}: ${JSON.stringify(got)}`);
    }
    for (let i = 0; i < Math.min(replies.length, want.length); i++) {
      const reply = replies[i]!;
      const w = want[i]!;
      const decoded = decodeBoardLine(reply);
      if (decoded.kind === 'err') result.errCodes[decoded.code] = (result.errCodes[decoded.code] ?? 0) + 1;
      if (decoded.kind === 'error' || !reply.startsWith(w.prefix)) {
        result.disagreements += 1;
        note(`expected "${w.prefix}…", firmware said ${JSON.stringify(reply)} (batch ${JSON.stringify(shown)})`);
      } else if (w.channels !== undefined) limits.channels = w.channels;
    }
  };

  let batch: string[] = [];
  let batchBytes: Buffer[] = [];
  let size = 0;
  const flush = () => {
    if (batch.length === 0) return;
    const bytes = Buffer.concat(batchBytes);
    // The expected replies are computed in order, with the channel count each CHANNELS leaves behind.
    const expected: Array<{ prefix: string; channels?: number } | null> = [];
    const local = { ...limits };
    for (const framed of framer.push(bytes)) {
      const e = expectedReply(framed.kind === 'line' ? framed.text : null, local);
      if (e?.channels !== undefined) local.channels = e.channels;
      expected.push(e);
    }
    result.nonEmptyLines += expected.filter((e) => e !== null).length;
    exchange(bytes, expected, batch);
    batch = [];
    batchBytes = [];
    size = 0;
  };

  let sinceProgress = 0;
  for (let i = 0; i < options.lines; i++) {
    const line = fuzzCommandLine(r);
    const bytes = Buffer.from(`${line}\n`, r.chance(0.8) ? 'latin1' : 'utf8');
    if (size + bytes.length > FLOW_LIMIT) flush();
    batch.push(line);
    batchBytes.push(bytes);
    size += bytes.length;
    result.lines += 1;
    if ((i + 1) % pingEvery === 0) {
      flush();
      const seq = r.int(0, 2 ** 32 - 1);
      result.pings += 1;
      const before = result.missingReplies + result.disagreements;
      exchange(Buffer.from(`PING ${seq}\n`), [{ prefix: `PONG ${seq} ` }], [`PING ${seq}`]);
      if (result.missingReplies + result.disagreements === before) result.pingsAnswered += 1;
    }
    if (options.progress && ++sinceProgress >= (options.progressEvery ?? 50_000)) {
      sinceProgress = 0;
      options.progress(i + 1, result);
    }
  }
  flush();
  result.emulatedSeconds = Number(((avr.timeMs - startMs) / 1000).toFixed(1));
  result.linesPerSecond = Math.round(result.lines / ((performance.now() - wall) / 1000));
  return result;
}
