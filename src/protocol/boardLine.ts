/**
 * Board → host lines: `decodeBoardLine` is what the host runs on every line it reads, and
 * `encodeBoardMessage` is what the firmware (and the fake board) print.
 */
import { NbError } from '../core/errors.js';
import {
  BOARD_TYPE_PATTERN,
  ERR_CODES,
  LEVEL_MAX,
  MAX_CHANNELS_ANY_BOARD,
  MAX_LINE,
  OK_VERBS,
  PROTOCOL_VERSION,
  RESET_CAUSES,
  UINT32_MAX,
} from './constants.js';
import {
  firstNonPrintable,
  isBoardId,
  isFirmwareVersion,
  isIntIn,
  parseUnsigned,
  stripCarriageReturns,
} from './fields.js';
import type { Announcement, BoardMessage, ProtocolError } from './messages.js';

/** Thrown inside the decoder only, turned into a ProtocolError value before it leaves. */
class Reject {
  constructor(readonly reason: string) {}
}

function includes<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function uint(fields: readonly string[], index: number, name: string, max = UINT32_MAX, min = 0): number {
  const raw = fields[index] ?? '';
  const value = parseUnsigned(raw);
  if (value === null) throw new Reject(`${name} "${raw}" is not an unsigned decimal number`);
  if (value < min || value > max) throw new Reject(`${name} ${value} is outside ${min}–${max}`);
  return value;
}

function flag(fields: readonly string[], index: number, name: string): boolean {
  const raw = fields[index];
  if (raw === '1') return true;
  if (raw === '0') return false;
  throw new Reject(`${name} "${raw ?? ''}" is not 1 or 0`);
}

function expectFields(fields: readonly string[], count: number): void {
  if (fields.length !== count) {
    throw new Reject(`${fields[0]} takes ${count - 1} fields, got ${fields.length - 1}`);
  }
}

function announcement(fields: readonly string[]): Announcement {
  const proto = uint(fields, 1, 'proto');
  const firmware = fields[2] ?? '';
  if (!isFirmwareVersion(firmware)) throw new Reject(`firmware "${firmware}" is not MAJOR.MINOR.PATCH`);
  const board = fields[3] ?? '';
  if (!BOARD_TYPE_PATTERN.test(board)) throw new Reject(`board "${board}" is not a board type (lower-case letters, digits and -)`);
  const id = fields[4] ?? '';
  if (!isBoardId(id)) throw new Reject(`board id "${id}" is not 8 lower-case hex digits`);
  const maxChannels = uint(fields, 6, 'maxch', MAX_CHANNELS_ANY_BOARD, 1);
  const channels = uint(fields, 5, 'channels', maxChannels, 1);
  return { proto, firmware, board, id, channels, maxChannels };
}

function decodeFields(fields: readonly string[], line: string): BoardMessage {
  const verb = fields[0] ?? '';
  switch (verb) {
    case 'BOOT':
    case 'HELLO': {
      const announce = verb === 'BOOT' ? 'boot' : 'hello';
      // Read the version first: a board on another protocol gets a clear "flash it" rather than
      // "garbage", whatever its other fields look like.
      const proto = parseUnsigned(fields[1] ?? '');
      if (proto !== null && proto !== PROTOCOL_VERSION) return { kind: 'incompatible', announce, proto, line };
      if (announce === 'boot') {
        expectFields(fields, 8);
        const reset = fields[7] ?? '';
        if (!includes(RESET_CAUSES, reset)) throw new Reject(`reset "${reset}" is not one of ${RESET_CAUSES.join(', ')}`);
        return { kind: 'boot', ...announcement(fields), reset };
      }
      expectFields(fields, 7);
      return { kind: 'hello', ...announcement(fields) };
    }
    case 'BTN':
      expectFields(fields, 4);
      return { kind: 'btn', channel: uint(fields, 1, 'channel'), pressed: flag(fields, 2, 'pressed'), millis: uint(fields, 3, 'millis') };
    case 'IDLE':
      expectFields(fields, 2);
      return { kind: 'idle', millis: uint(fields, 1, 'millis') };
    case 'OK': {
      expectFields(fields, 2);
      const okVerb = fields[1] ?? '';
      if (!includes(OK_VERBS, okVerb)) throw new Reject(`OK verb "${okVerb}" is not one of ${OK_VERBS.join(', ')}`);
      return { kind: 'ok', verb: okVerb };
    }
    case 'PONG':
      expectFields(fields, 3);
      return { kind: 'pong', seq: uint(fields, 1, 'seq'), millis: uint(fields, 2, 'millis') };
    case 'STATE':
      expectFields(fields, 4);
      return {
        kind: 'state',
        channel: uint(fields, 1, 'channel'),
        level: uint(fields, 2, 'level', LEVEL_MAX),
        pressed: flag(fields, 3, 'pressed'),
      };
    case 'ERR': {
      expectFields(fields, 2);
      const code = fields[1] ?? '';
      if (!includes(ERR_CODES, code)) throw new Reject(`ERR code "${code}" is not one of ${ERR_CODES.join(', ')}`);
      return { kind: 'err', code };
    }
    default:
      throw new Reject(`unknown verb "${verb}"`);
  }
}

/**
 * Decodes one line from a board (without its `\n`; `\r` anywhere is ignored). Never throws: any
 * input that is not a valid v1 board line gives a ProtocolError saying which rule it broke.
 */
export function decodeBoardLine(line: string): BoardMessage | ProtocolError {
  // A non-string can only come from a caller's bug, but "never throws" covers it too.
  const raw = typeof line === 'string' ? line : String(line);
  const text = stripCarriageReturns(raw);
  if (text.length === 0) return { kind: 'error', reason: 'empty line', line: raw };
  if (text.length > MAX_LINE) return { kind: 'error', reason: `line has ${text.length} characters, more than ${MAX_LINE}`, line: raw };
  const bad = firstNonPrintable(text);
  if (bad >= 0) {
    const code = text.charCodeAt(bad).toString(16).padStart(2, '0');
    return { kind: 'error', reason: `non-printable character 0x${code} at column ${bad}`, line: raw };
  }
  try {
    return decodeFields(text.split(' '), raw);
  } catch (err) {
    if (err instanceof Reject) return { kind: 'error', reason: err.reason, line: raw };
    return { kind: 'error', reason: `undecodable line (${String(err)})`, line: raw };
  }
}

function invalid(what: string): never {
  throw new NbError('NB_ERR_INVALID_ARGUMENT', `cannot encode board message: ${what}`);
}

function checkUint(value: number, name: string, min = 0, max = UINT32_MAX): string {
  if (!isIntIn(value, min, max)) invalid(`${name} ${value} is not an integer in ${min}–${max}`);
  return String(value);
}

function encodeAnnouncement(m: Announcement): string {
  if (!isFirmwareVersion(m.firmware)) invalid(`firmware "${m.firmware}" is not MAJOR.MINOR.PATCH`);
  if (!BOARD_TYPE_PATTERN.test(m.board)) invalid(`board "${String(m.board)}" is not a board type`);
  if (!isBoardId(m.id)) invalid(`board id "${m.id}" is not 8 lower-case hex digits`);
  const maxch = checkUint(m.maxChannels, 'maxChannels', 1, MAX_CHANNELS_ANY_BOARD);
  return `${checkUint(m.proto, 'proto')} ${m.firmware} ${m.board} ${m.id} ${checkUint(m.channels, 'channels', 1, m.maxChannels)} ${maxch}`;
}

/**
 * The line (without `\n`) a board prints for `message`. Throws NB_ERR_INVALID_ARGUMENT for a field
 * out of its range (a programming error: tests that want bad lines write them raw).
 */
export function encodeBoardMessage(message: BoardMessage): string {
  let line: string;
  switch (message.kind) {
    case 'boot':
      if (!includes(RESET_CAUSES, message.reset)) invalid(`reset "${String(message.reset)}" is not a reset cause`);
      line = `BOOT ${encodeAnnouncement(message)} ${message.reset}`;
      break;
    case 'hello':
      line = `HELLO ${encodeAnnouncement(message)}`;
      break;
    case 'btn':
      line = `BTN ${checkUint(message.channel, 'channel')} ${message.pressed ? 1 : 0} ${checkUint(message.millis, 'millis')}`;
      break;
    case 'idle':
      line = `IDLE ${checkUint(message.millis, 'millis')}`;
      break;
    case 'ok':
      if (!includes(OK_VERBS, message.verb)) invalid(`OK verb "${String(message.verb)}"`);
      line = `OK ${message.verb}`;
      break;
    case 'pong':
      line = `PONG ${checkUint(message.seq, 'seq')} ${checkUint(message.millis, 'millis')}`;
      break;
    case 'state':
      line = `STATE ${checkUint(message.channel, 'channel')} ${checkUint(message.level, 'level', 0, LEVEL_MAX)} ${message.pressed ? 1 : 0}`;
      break;
    case 'err':
      if (!includes(ERR_CODES, message.code)) invalid(`ERR code "${String(message.code)}"`);
      line = `ERR ${message.code}`;
      break;
    case 'incompatible':
      // Only ever seen, never printed by v1 firmware: re-print the line it came from.
      line = stripCarriageReturns(message.line);
      break;
  }
  if (line.length > MAX_LINE) invalid(`line "${line}" is longer than ${MAX_LINE} characters`);
  return line;
}
