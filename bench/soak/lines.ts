/**
 * Seeded generators of protocol lines for fuzzing: valid lines of both directions (through the
 * encoders), the same lines mutated the ways a bad wire or a bad host mangles them (flipped bytes,
 * truncation, duplicated fields, huge numbers, unicode, overlong repeats), and pure random bytes.
 * Strings hold one character per byte (latin1) unless a mutation put unicode in on purpose.
 */
import { shippedCatalogue } from '../../src/hosts/node/boardFiles.js';
import {
  COMMAND_VERBS,
  encodeBoardMessage,
  encodeCommand,
  ERR_CODES,
  FIRE_MS_MAX,
  OK_VERBS,
  PROTOCOL_VERSION,
  RESET_CAUSES,
  UINT32_MAX,
  type BoardMessage,
  type HostCommand,
} from '../../src/protocol/index.js';
import type { Random } from './random.js';

const HUGE = ['4294967295', '4294967296', '99999999999', '18446744073709551616', '1e308', '-1', '+1', '0x10', '000000000000001', '1.5', 'NaN', 'Infinity', '-0', ''];
const UNICODE = ['é', '\u00a0', '\u2028', '\u200b', '🤖', '\ufeff', '\uffff', '\ud800', 'Ω', '\u0000', '\u007f', '\u00ff'];

function hexId(r: Random): string {
  let id: string;
  do id = r.int(0, UINT32_MAX).toString(16).padStart(8, '0');
  while (id === '00000000' || id === 'ffffffff');
  return id;
}

export function randomCommand(r: Random, maxChannel = 7): HostCommand {
  switch (r.int(0, 7)) {
    case 0:
      return { kind: 'who' };
    case 1:
      return { kind: 'idle' };
    case 2:
      return { kind: 'led', channel: r.int(0, maxChannel), level: r.int(0, 255) };
    case 3:
      return { kind: 'fire', channel: r.int(0, maxChannel), ms: r.int(1, FIRE_MS_MAX) };
    case 4:
      return { kind: 'ping', seq: r.int(0, UINT32_MAX) };
    case 5:
      return { kind: 'state', channel: r.int(0, maxChannel) };
    case 6:
      return { kind: 'channels', count: r.int(1, 4) };
    default:
      return { kind: 'setid', id: hexId(r) };
  }
}

export function randomBoardMessage(r: Random): BoardMessage {
  const catalogue = shippedCatalogue();
  const board = r.pick(catalogue.boardTypes);
  const maxChannels = r.int(1, catalogue.get(board).channels.max);
  const announcement = { proto: PROTOCOL_VERSION, firmware: `${r.int(0, 9)}.${r.int(0, 99)}.${r.int(0, 999)}`, board, id: hexId(r), channels: r.int(1, maxChannels), maxChannels };
  switch (r.int(0, 7)) {
    case 0:
      return { kind: 'boot', ...announcement, reset: r.pick(RESET_CAUSES) };
    case 1:
      return { kind: 'hello', ...announcement };
    case 2:
      return { kind: 'btn', channel: r.int(0, 7), pressed: r.chance(0.5), millis: r.int(0, UINT32_MAX) };
    case 3:
      return { kind: 'idle', millis: r.int(0, UINT32_MAX) };
    case 4:
      return { kind: 'ok', verb: r.pick(OK_VERBS) };
    case 5:
      return { kind: 'pong', seq: r.int(0, UINT32_MAX), millis: r.int(0, UINT32_MAX) };
    case 6:
      return { kind: 'state', channel: r.int(0, 7), level: r.int(0, 255), pressed: r.chance(0.5) };
    default:
      return { kind: 'err', code: r.pick(ERR_CODES) };
  }
}

function randomBytes(r: Random, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(r.int(0, 255));
  return s;
}

/** One mutation of a line. */
export function mutate(r: Random, line: string): string {
  const fields = line.split(' ');
  const at = r.int(0, line.length);
  switch (r.int(0, 11)) {
    case 0: {
      // flip a bit of one byte
      if (line.length === 0) return line;
      const i = r.int(0, line.length - 1);
      return line.slice(0, i) + String.fromCharCode((line.charCodeAt(i) ^ (1 << r.int(0, 7))) & 0xff) + line.slice(i + 1);
    }
    case 1: {
      if (line.length === 0) return line;
      const i = r.int(0, line.length - 1);
      return line.slice(0, i) + String.fromCharCode(r.int(0, 255)) + line.slice(i + 1);
    }
    case 2:
      return line.slice(0, at);
    case 3: {
      const i = r.int(0, fields.length - 1);
      fields.splice(i, 0, fields[i]!);
      return fields.join(' ');
    }
    case 4: {
      const i = r.int(0, fields.length - 1);
      fields[i] = r.pick(HUGE);
      return fields.join(' ');
    }
    case 5:
      return line.slice(0, at) + r.pick(UNICODE) + line.slice(at);
    case 6:
      return fields.join(r.pick(['  ', '\t', '', ' \r', '\r']));
    case 7:
      return line.repeat(r.int(2, 12));
    case 8: {
      const i = r.int(0, fields.length - 1);
      fields[i] = r.chance(0.5) ? fields[i]!.toLowerCase() : r.pick(COMMAND_VERBS);
      return fields.join(' ');
    }
    case 9:
      return `${line}${r.pick([' ', ' 0', ' x', '\r', '\r\r'])}`;
    case 10:
      return line.slice(0, at) + randomBytes(r, r.int(1, 6)) + line.slice(at);
    default:
      fields.pop();
      return fields.join(' ');
  }
}

/** A line for the decoders: valid, mutated (1–3 times) or random; host or board direction. */
export function fuzzLine(r: Random): string {
  const kind = r.int(0, 9);
  if (kind === 0) return randomBytes(r, r.int(0, 120));
  if (kind === 1) return r.chance(0.5) ? encodeCommand(randomCommand(r)) : encodeBoardMessage(randomBoardMessage(r));
  let line = r.chance(0.5) ? encodeCommand(randomCommand(r)) : encodeBoardMessage(randomBoardMessage(r));
  const times = r.int(1, 3);
  for (let i = 0; i < times; i++) line = mutate(r, line);
  return line;
}

/** A line for the firmware: mostly commands, valid or mutated, some noise; no `\n` inside. */
export function fuzzCommandLine(r: Random): string {
  const kind = r.int(0, 9);
  let line: string;
  if (kind === 0) line = randomBytes(r, r.int(0, 70));
  else if (kind <= 3) line = encodeCommand(randomCommand(r, 5));
  else {
    line = encodeCommand(randomCommand(r, 5));
    const times = r.int(1, 3);
    for (let i = 0; i < times; i++) line = mutate(r, line);
  }
  return line.replaceAll('\n', '');
}
