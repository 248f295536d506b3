import { describe, expect, it } from 'vitest';
import { decodeHostLine, encodeCommand, type ErrCode, type HostCommand } from '../../src/protocol/index.js';

const uno = { channels: 1, maxChannels: 4 };

describe('decodeHostLine: every command of the spec', () => {
  const examples: [string, HostCommand][] = [
    ['WHO', { kind: 'who' }],
    ['LED 0 128', { kind: 'led', channel: 0, level: 128 }],
    ['LED 0 255', { kind: 'led', channel: 0, level: 255 }],
    ['FIRE 0 150', { kind: 'fire', channel: 0, ms: 150 }],
    ['FIRE 0 2000', { kind: 'fire', channel: 0, ms: 2000 }],
    ['PING 7', { kind: 'ping', seq: 7 }],
    ['PING 4294967295', { kind: 'ping', seq: 4294967295 }],
    ['STATE 0', { kind: 'state', channel: 0 }],
    ['CHANNELS 4', { kind: 'channels', count: 4 }],
    ['SETID 3f2a91c0', { kind: 'setid', id: '3f2a91c0' }],
    ['IDLE', { kind: 'idle' }],
  ];
  for (const [line, command] of examples) {
    it(`decodes "${line}" and encodes it back`, () => {
      expect(decodeHostLine(line, uno)).toEqual(command);
      expect(encodeCommand(command)).toBe(line);
    });
  }

  it('ignores an empty line (and one that is only \\r): no reply', () => {
    expect(decodeHostLine('')).toBeNull();
    expect(decodeHostLine('\r')).toBeNull();
  });

  it('ignores \\r anywhere, so Serial Monitor line endings work', () => {
    expect(decodeHostLine('WHO\r')).toEqual({ kind: 'who' });
    expect(decodeHostLine('LE\rD 0 1', uno)).toEqual({ kind: 'led', channel: 0, level: 1 });
  });
});

describe('decodeHostLine: the ERR the firmware answers, for each code', () => {
  const refused: [ErrCode, string, string][] = [
    ['LONG', '49 characters', `PING ${'1'.repeat(44)}`],
    ['NOISE', 'a 0x07 bell byte', 'PING\x077'],
    ['NOISE', 'a byte above 0x7e', 'WHO\xff'],
    ['NOISE', 'a tab', 'LED\t0 1'],
    ['UNKNOWN', 'lower-case verb (spec example)', 'led 0 1'],
    ['UNKNOWN', 'a board verb sent to the board', 'HELLO'],
    ['UNKNOWN', 'a leading space', ' WHO'],
    ['ARGS', 'missing level', 'LED 0'],
    ['ARGS', 'extra field', 'WHO now'],
    ['ARGS', 'two spaces', 'LED 0  1'],
    ['ARGS', 'trailing space', 'IDLE '],
    ['ARGS', 'negative level', 'LED 0 -1'],
    ['ARGS', 'a + sign', 'PING +1'],
    ['ARGS', '11-digit seq', 'PING 12345678901'],
    ['ARGS', 'non-numeric channel even if out of range level', 'LED x 999'],
    ['ARGS', 'upper-case hex id', 'SETID 3F2A91C0'],
    ['ARGS', 'short id', 'SETID 3f2a91'],
    ['RANGE', 'level 256', 'LED 0 256'],
    ['RANGE', 'pulse of 0 ms', 'FIRE 0 0'],
    ['RANGE', 'pulse of 2001 ms', 'FIRE 0 2001'],
    ['RANGE', 'seq past 2^32', 'PING 4294967296'],
    ['RANGE', 'zero channels', 'CHANNELS 0'],
    ['RANGE', 'more channels than the board has', 'CHANNELS 5'],
    ['RANGE', 'reserved id 00000000', 'SETID 00000000'],
    ['RANGE', 'reserved id ffffffff', 'SETID ffffffff'],
    ['CHANNEL', 'channel 9 (spec example)', 'LED 9 1'],
    ['CHANNEL', 'channel equal to the count in use', 'STATE 1'],
    ['CHANNEL', 'bad channel and bad level: channel wins', 'FIRE 3 0'],
  ];
  for (const [code, name, line] of refused) {
    it(`answers ERR ${code} for ${name}: ${JSON.stringify(line)}`, () => {
      expect(decodeHostLine(line, uno)).toMatchObject({ kind: 'error', code, line });
    });
  }
});

describe('encodeCommand refuses what no board accepts', () => {
  const bad: [string, HostCommand][] = [
    ['level 256', { kind: 'led', channel: 0, level: 256 }],
    ['fractional level', { kind: 'led', channel: 0, level: 12.5 }],
    ['NaN level', { kind: 'led', channel: 0, level: Number.NaN }],
    ['channel 8', { kind: 'led', channel: 8, level: 1 }],
    ['pulse 0 ms', { kind: 'fire', channel: 0, ms: 0 }],
    ['seq 2^32', { kind: 'ping', seq: 2 ** 32 }],
    ['reserved id', { kind: 'setid', id: 'ffffffff' }],
    ['unknown kind', { kind: 'reboot' } as unknown as HostCommand],
  ];
  for (const [name, command] of bad) {
    it(`throws NB_ERR_INVALID_ARGUMENT for ${name}`, () => {
      expect(() => encodeCommand(command)).toThrow(expect.objectContaining({ code: 'NB_ERR_INVALID_ARGUMENT' }));
    });
  }
});
