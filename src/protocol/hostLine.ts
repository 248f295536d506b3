/**
 * Host → board lines: `encodeCommand` is what the host sends, `decodeHostLine` is what the firmware
 * does with a line (the fake board runs it, and the scenario runner reasons with it about raw lines).
 */
import { NbError } from '../core/errors.js';
import {
  FIRE_MS_MAX,
  FIRE_MS_MIN,
  LEVEL_MAX,
  MAX_CHANNELS_ANY_BOARD,
  MAX_LINE,
  RESERVED_IDS,
  UINT32_MAX,
} from './constants.js';
import { describeLine, firstNonPrintable, isBoardId, isIntIn, parseUnsigned, stripCarriageReturns } from './fields.js';
import type { BoardLimits, ErrCode, HostCommand, HostLineError } from './messages.js';

const FIELD_COUNT: Record<string, number> = { WHO: 1, LED: 3, FIRE: 3, PING: 2, STATE: 2, CHANNELS: 2, SETID: 2, IDLE: 1 };

class Refuse {
  constructor(
    readonly code: ErrCode,
    readonly reason: string,
  ) {}
}

function num(fields: readonly string[], index: number, name: string): number {
  const raw = fields[index] ?? '';
  const value = parseUnsigned(raw);
  if (value === null) throw new Refuse('ARGS', `${name} "${raw}" is not an unsigned decimal number`);
  return value;
}

function channel(fields: readonly string[], limits: BoardLimits): number {
  const ch = num(fields, 1, 'channel');
  if (ch >= limits.channels) throw new Refuse('CHANNEL', `channel ${ch} is not below the ${limits.channels} channels in use`);
  return ch;
}

function range(ok: boolean, reason: string): void {
  if (!ok) throw new Refuse('RANGE', reason);
}

function decodeFields(fields: readonly string[], limits: BoardLimits): HostCommand {
  const verb = fields[0] ?? '';
  const count = FIELD_COUNT[verb];
  if (count === undefined) throw new Refuse('UNKNOWN', `unknown verb "${verb}"`);
  if (fields.length !== count) throw new Refuse('ARGS', `${verb} takes ${count - 1} fields, got ${fields.length - 1}`);
  switch (verb) {
    case 'WHO':
      return { kind: 'who' };
    case 'IDLE':
      return { kind: 'idle' };
    case 'LED': {
      // Parse every field before range checks: a malformed line is ARGS whatever its values.
      num(fields, 2, 'level');
      const ch = channel(fields, limits);
      const level = num(fields, 2, 'level');
      range(level <= LEVEL_MAX, `level ${level} is above ${LEVEL_MAX}`);
      return { kind: 'led', channel: ch, level };
    }
    case 'FIRE': {
      num(fields, 2, 'ms');
      const ch = channel(fields, limits);
      const ms = num(fields, 2, 'ms');
      range(ms >= FIRE_MS_MIN && ms <= FIRE_MS_MAX, `pulse ${ms} ms is outside ${FIRE_MS_MIN}–${FIRE_MS_MAX}`);
      return { kind: 'fire', channel: ch, ms };
    }
    case 'PING': {
      const seq = num(fields, 1, 'seq');
      range(seq <= UINT32_MAX, `seq ${seq} is above ${UINT32_MAX}`);
      return { kind: 'ping', seq };
    }
    case 'STATE':
      return { kind: 'state', channel: channel(fields, limits) };
    case 'CHANNELS': {
      const n = num(fields, 1, 'channels');
      range(n >= 1 && n <= limits.maxChannels, `channel count ${n} is outside 1–${limits.maxChannels}`);
      return { kind: 'channels', count: n };
    }
    default: {
      // SETID
      const id = fields[1] ?? '';
      if (!isBoardId(id)) throw new Refuse('ARGS', `id "${id}" is not 8 lower-case hex digits`);
      range(!RESERVED_IDS.includes(id), `id ${id} is reserved`);
      return { kind: 'setid', id };
    }
  }
}

/**
 * What the firmware does with one line from the host (without its `\n`; `\r` anywhere is ignored):
 * the command, `null` for an empty line (ignored, no reply), or the `ERR` it answers. `limits` are
 * the board's channel count in use and maximum (default: the largest board, all channels in use).
 * Never throws.
 */
export function decodeHostLine(
  line: string,
  limits: BoardLimits = { channels: MAX_CHANNELS_ANY_BOARD, maxChannels: MAX_CHANNELS_ANY_BOARD },
): HostCommand | HostLineError | null {
  const raw = typeof line === 'string' ? line : String(line);
  const text = stripCarriageReturns(raw);
  if (text.length === 0) return null;
  const refuse = (code: ErrCode, reason: string): HostLineError => ({ kind: 'error', code, reason, line: raw });
  if (text.length > MAX_LINE) return refuse('LONG', `line has ${text.length} characters, more than ${MAX_LINE}`);
  const bad = firstNonPrintable(text);
  if (bad >= 0) return refuse('NOISE', `non-printable character at column ${bad} in "${describeLine(text)}"`);
  try {
    return decodeFields(text.split(' '), limits);
  } catch (err) {
    if (err instanceof Refuse) return refuse(err.code, err.reason);
    return refuse('ARGS', `undecodable line (${String(err)})`);
  }
}

function invalid(what: string): never {
  throw new NbError('NB_ERR_INVALID_ARGUMENT', `cannot encode command: ${what}`);
}

function int(value: number, name: string, min: number, max: number): string {
  if (!isIntIn(value, min, max)) invalid(`${name} ${value} is not an integer in ${min}–${max}`);
  return String(value);
}

const ch = (value: number): string => int(value, 'channel', 0, MAX_CHANNELS_ANY_BOARD - 1);

/**
 * The line (without `\n`) the host sends for `command`. Throws NB_ERR_INVALID_ARGUMENT for a field
 * outside what any board accepts (a channel above 7, a level above 255, a pulse of 0 ms, a reserved id).
 */
export function encodeCommand(command: HostCommand): string {
  switch (command.kind) {
    case 'who':
      return 'WHO';
    case 'idle':
      return 'IDLE';
    case 'led':
      return `LED ${ch(command.channel)} ${int(command.level, 'level', 0, LEVEL_MAX)}`;
    case 'fire':
      return `FIRE ${ch(command.channel)} ${int(command.ms, 'pulse ms', FIRE_MS_MIN, FIRE_MS_MAX)}`;
    case 'ping':
      return `PING ${int(command.seq, 'seq', 0, UINT32_MAX)}`;
    case 'state':
      return `STATE ${ch(command.channel)}`;
    case 'channels':
      return `CHANNELS ${int(command.count, 'channel count', 1, MAX_CHANNELS_ANY_BOARD)}`;
    case 'setid':
      if (!isBoardId(command.id)) invalid(`id "${command.id}" is not 8 lower-case hex digits`);
      if (RESERVED_IDS.includes(command.id)) invalid(`id ${command.id} is reserved`);
      return `SETID ${command.id}`;
    default:
      return invalid(`unknown command kind "${String((command as { kind?: unknown }).kind)}"`);
  }
}
