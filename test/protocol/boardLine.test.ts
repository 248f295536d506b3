import { describe, expect, it } from 'vitest';
import { isNbError } from '../../src/core/errors.js';
import { decodeBoardLine, encodeBoardMessage, type BoardMessage } from '../../src/protocol/index.js';

describe('decodeBoardLine: every board line of the spec', () => {
  const examples: [string, BoardMessage][] = [
    ['BOOT 1 0.1.0 uno 3f2a91c0 1 4 external', { kind: 'boot', proto: 1, firmware: '0.1.0', board: 'uno', id: '3f2a91c0', channels: 1, maxChannels: 4, reset: 'external' }],
    ['BOOT 1 2.10.3 mega 00ab00cd 8 8 watchdog', { kind: 'boot', proto: 1, firmware: '2.10.3', board: 'mega', id: '00ab00cd', channels: 8, maxChannels: 8, reset: 'watchdog' }],
    ['HELLO 1 0.1.0 nano 3f2a91c0 2 4', { kind: 'hello', proto: 1, firmware: '0.1.0', board: 'nano', id: '3f2a91c0', channels: 2, maxChannels: 4 }],
    ['BTN 0 1 11020', { kind: 'btn', channel: 0, pressed: true, millis: 11020 }],
    ['BTN 3 0 4294967295', { kind: 'btn', channel: 3, pressed: false, millis: 4294967295 }],
    ['IDLE 16410', { kind: 'idle', millis: 16410 }],
    ['OK LED', { kind: 'ok', verb: 'LED' }],
    ['OK FIRE', { kind: 'ok', verb: 'FIRE' }],
    ['OK CHANNELS', { kind: 'ok', verb: 'CHANNELS' }],
    ['OK SETID', { kind: 'ok', verb: 'SETID' }],
    ['OK IDLE', { kind: 'ok', verb: 'IDLE' }],
    ['PONG 7 10342', { kind: 'pong', seq: 7, millis: 10342 }],
    ['STATE 0 128 1', { kind: 'state', channel: 0, level: 128, pressed: true }],
    ['ERR LONG', { kind: 'err', code: 'LONG' }],
    ['ERR NOISE', { kind: 'err', code: 'NOISE' }],
    ['ERR UNKNOWN', { kind: 'err', code: 'UNKNOWN' }],
    ['ERR ARGS', { kind: 'err', code: 'ARGS' }],
    ['ERR RANGE', { kind: 'err', code: 'RANGE' }],
    ['ERR CHANNEL', { kind: 'err', code: 'CHANNEL' }],
  ];
  for (const [line, message] of examples) {
    it(`decodes "${line}" and encodes it back`, () => {
      expect(decodeBoardLine(line)).toEqual(message);
      expect(encodeBoardMessage(message)).toBe(line);
    });
  }

  it('ignores \\r anywhere (Serial Monitor line endings), CRLF included', () => {
    expect(decodeBoardLine('OK LED\r')).toEqual({ kind: 'ok', verb: 'LED' });
    expect(decodeBoardLine('PO\rNG 7 1')).toEqual({ kind: 'pong', seq: 7, millis: 1 });
  });

  it('reports a BOOT/HELLO of another protocol version as incompatible, whatever its other fields', () => {
    expect(decodeBoardLine('BOOT 2 0.9.0 uno 3f2a91c0 1 4 external')).toEqual({
      kind: 'incompatible', announce: 'boot', proto: 2, line: 'BOOT 2 0.9.0 uno 3f2a91c0 1 4 external',
    });
    expect(decodeBoardLine('HELLO 0 x')).toMatchObject({ kind: 'incompatible', announce: 'hello', proto: 0 });
  });
});

describe('decodeBoardLine: garbage gives a typed error naming the rule', () => {
  const bad: [string, string, RegExp][] = [
    ['empty line', '', /empty/],
    ['only a carriage return', '\r', /empty/],
    ['49 characters', `OK LED${' '.repeat(43)}`, /more than 48/],
    ['a NUL byte', 'OK\0LED', /non-printable/],
    ['a UTF-8 character', 'OK LÉD', /non-printable/],
    ['a tab as separator', 'OK\tLED', /non-printable/],
    ['lower-case verb', 'ok LED', /unknown verb/],
    ['unknown verb', 'HI 1', /unknown verb/],
    ['OK for a verb with its own reply', 'OK PING', /OK verb/],
    ['two spaces between fields', 'PONG 7  10', /takes 2 fields/],
    ['a trailing space', 'OK LED ', /takes 1 fields/],
    ['a leading space', ' OK LED', /unknown verb ""/],
    ['a signed number', 'PONG -7 10', /not an unsigned/],
    ['a + sign', 'PONG +7 10', /not an unsigned/],
    ['11 digits', 'IDLE 12345678901', /not an unsigned/],
    ['millis past 2^32', 'IDLE 4294967296', /outside/],
    ['a hex number', 'IDLE 0x10', /not an unsigned/],
    ['a decimal point', 'IDLE 1.5', /not an unsigned/],
    ['pressed neither 1 nor 0', 'BTN 0 2 100', /not 1 or 0/],
    ['level above 255', 'STATE 0 256 0', /outside 0–255/],
    ['upper-case hex id', 'HELLO 1 0.1.0 uno 3F2A91C0 1 4', /8 lower-case hex/],
    ['7-digit id', 'HELLO 1 0.1.0 uno 3f2a91c 1 4', /8 lower-case hex/],
    ['a board type that is no token (upper case)', 'HELLO 1 0.1.0 Uno 3f2a91c0 1 4', /board "Uno" is not a board type/],
    ['two-part firmware version', 'HELLO 1 0.1 uno 3f2a91c0 1 4', /MAJOR.MINOR.PATCH/],
    ['firmware with leading zero', 'HELLO 1 0.01.0 uno 3f2a91c0 1 4', /MAJOR.MINOR.PATCH/],
    ['channels above maxch', 'HELLO 1 0.1.0 uno 3f2a91c0 5 4', /channels 5 is outside 1–4/],
    ['zero channels', 'HELLO 1 0.1.0 uno 3f2a91c0 0 4', /channels 0 is outside/],
    ['maxch above any board (protocol v1 carries 8 channels at most)', 'HELLO 1 0.1.0 mega 3f2a91c0 1 9', /maxch 9 is outside 1–8/],
    ['BOOT without reset cause', 'BOOT 1 0.1.0 uno 3f2a91c0 1 4', /takes 7 fields/],
    ['unknown reset cause', 'BOOT 1 0.1.0 uno 3f2a91c0 1 4 cosmic', /reset "cosmic"/],
    ['unknown ERR code', 'ERR WHAT', /ERR code/],
    ['BOOT with non-numeric proto', 'BOOT x 0.1.0 uno 3f2a91c0 1 4 power', /proto "x"/],
  ];
  for (const [name, line, reason] of bad) {
    it(`rejects ${name}: ${JSON.stringify(line)}`, () => {
      const decoded = decodeBoardLine(line);
      expect(decoded).toMatchObject({ kind: 'error', line });
      if (decoded.kind === 'error') expect(decoded.reason).toMatch(reason);
    });
  }

  it('does not throw on a non-string smuggled in from untyped code', () => {
    expect(decodeBoardLine(undefined as unknown as string).kind).toBe('error');
  });
});

describe('encodeBoardMessage refuses fields out of range', () => {
  const bad: [string, BoardMessage][] = [
    ['level 256', { kind: 'state', channel: 0, level: 256, pressed: false }],
    ['fractional millis', { kind: 'idle', millis: 1.5 }],
    ['negative seq', { kind: 'pong', seq: -1, millis: 0 }],
    ['bad id', { kind: 'hello', proto: 1, firmware: '0.1.0', board: 'uno', id: 'XYZ', channels: 1, maxChannels: 4 }],
  ];
  for (const [name, message] of bad) {
    it(`throws NB_ERR_INVALID_ARGUMENT for ${name}`, () => {
      expect(() => encodeBoardMessage(message)).toThrow(expect.objectContaining({ code: 'NB_ERR_INVALID_ARGUMENT' }));
      try {
        encodeBoardMessage(message);
      } catch (err) {
        expect(isNbError(err, 'NB_ERR_INVALID_ARGUMENT')).toBe(true);
      }
    });
  }
});
