/** fast-check generators for every protocol message, valid by construction. */
import fc from 'fast-check';
import {
  ERR_CODES,
  FIRE_MS_MAX,
  MAX_CHANNELS_ANY_BOARD,
  OK_VERBS,
  PROTOCOL_VERSION,
  RESET_CAUSES,
  UINT32_MAX,
  type BoardMessage,
  type HostCommand,
} from '../../src/protocol/index.js';
import { catalogue } from '../helpers/boards.js';

const u32 = fc.integer({ min: 0, max: UINT32_MAX });
const channel = fc.integer({ min: 0, max: MAX_CHANNELS_ANY_BOARD - 1 });
const versionPart = fc.integer({ min: 0, max: 999 });
const firmware = fc.tuple(versionPart, versionPart, versionPart).map((p) => p.join('.'));
const hexId = fc
  .integer({ min: 0, max: UINT32_MAX })
  .map((n) => n.toString(16).padStart(8, '0'))
  .filter((id) => id !== '00000000' && id !== 'ffffffff');

const announcement = fc
  .tuple(fc.constantFrom(...catalogue.boardTypes), firmware, hexId)
  .chain(([board, fw, id]) =>
    fc.integer({ min: 1, max: catalogue.get(board).channels.max }).chain((maxChannels) =>
      fc.integer({ min: 1, max: maxChannels }).map((channels) => ({
        proto: PROTOCOL_VERSION,
        firmware: fw,
        board,
        id,
        channels,
        maxChannels,
      })),
    ),
  );

export const boardMessage: fc.Arbitrary<BoardMessage> = fc.oneof(
  fc.tuple(announcement, fc.constantFrom(...RESET_CAUSES)).map(([a, reset]) => ({ kind: 'boot' as const, ...a, reset })),
  announcement.map((a) => ({ kind: 'hello' as const, ...a })),
  fc.record({ kind: fc.constant('btn' as const), channel, pressed: fc.boolean(), millis: u32 }),
  fc.record({ kind: fc.constant('idle' as const), millis: u32 }),
  fc.record({ kind: fc.constant('ok' as const), verb: fc.constantFrom(...OK_VERBS) }),
  fc.record({ kind: fc.constant('pong' as const), seq: u32, millis: u32 }),
  fc.record({ kind: fc.constant('state' as const), channel, level: fc.integer({ min: 0, max: 255 }), pressed: fc.boolean() }),
  fc.record({ kind: fc.constant('err' as const), code: fc.constantFrom(...ERR_CODES) }),
);

export const hostCommand: fc.Arbitrary<HostCommand> = fc.oneof(
  fc.constant({ kind: 'who' as const }),
  fc.constant({ kind: 'idle' as const }),
  fc.record({ kind: fc.constant('led' as const), channel, level: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('fire' as const), channel, ms: fc.integer({ min: 1, max: FIRE_MS_MAX }) }),
  fc.record({ kind: fc.constant('ping' as const), seq: u32 }),
  fc.record({ kind: fc.constant('state' as const), channel }),
  fc.record({ kind: fc.constant('channels' as const), count: fc.integer({ min: 1, max: MAX_CHANNELS_ANY_BOARD }) }),
  fc.record({ kind: fc.constant('setid' as const), id: hexId }),
);

/** Strings that look like protocol lines: verbs and fields from the protocol, mixed with noise. */
const token = fc.oneof(
  fc.constantFrom('BOOT', 'HELLO', 'BTN', 'IDLE', 'OK', 'PONG', 'STATE', 'ERR', 'WHO', 'LED', 'FIRE', 'PING', 'CHANNELS', 'SETID'),
  fc.constantFrom('0', '1', '255', '256', '2000', '4294967295', '4294967296', '99999999999', '-1', '+1', '1.5', 'uno', 'mega', '3f2a91c0', 'FFFFFFFF', 'external', 'LED', 'LONG'),
  fc.string({ maxLength: 6 }),
  fc.nat().map(String),
);
export const protocolish = fc
  .tuple(fc.array(token, { maxLength: 9 }), fc.constantFrom(' ', '  ', '\r', ' \r'))
  .map(([tokens, sep]) => tokens.join(sep));

/** Anything a broken wire could deliver: unicode, binary noise as latin1 characters, very long lines. */
export const anyLine = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.uint8Array({ maxLength: 120 }).map((bytes) => String.fromCharCode(...bytes)),
  fc.string({ maxLength: 2000 }),
  protocolish,
);
