import { describe, expect, it } from 'vitest';
import { adviceForAvrdude, shellLine } from '../../src/cli/avrdude.js';
import { kindFromName } from '../../src/cli/fileCheck.js';
import { fieldSegments, locateJson } from '../../src/cli/jsonLocate.js';
import { boardFindings } from '../../src/cli/systemChecks.js';
import { compareVersions } from '../../src/cli/versions.js';

describe('locating a field in JSON text', () => {
  const text = '{\n  "a": { "b": [10, {"c": "x"}] },\n  "d": "}[\\""\n, "e": 1 }';
  it('finds nested object and array members in both field notations', () => {
    expect(locateJson(text, fieldSegments('a.b[1].c')!)).toEqual({ line: 2, column: 26 });
    expect(locateJson(text, fieldSegments('/a/b/0')!)).toEqual({ line: 2, column: 16 });
  });
  it('skips strings holding brackets and quotes, and points a missing field at its parent', () => {
    expect(locateJson(text, ['e'])).toEqual({ line: 4, column: 8 });
    expect(locateJson(text, ['a', 'nope'])).toEqual({ line: 2, column: 8 });
  });
  it('does not take a CSV position ("line 3, column 2") for a path', () => {
    expect(fieldSegments('line 3, column 2')).toBeNull();
  });
});

describe('avrdude failures turned into advice', () => {
  const ctx = { board: 'nano', port: '/dev/ttyUSB0', oldBootloader: false };
  it('suggests --old-bootloader for a Nano that is not in sync', () => {
    expect(adviceForAvrdude('avrdude: stk500_recv(): programmer is not responding\nnot in sync: resp=0x00', ctx)).toContain('--old-bootloader');
  });
  it('names the dialout group for permission denied and the Serial Monitor for a busy port', () => {
    expect(adviceForAvrdude("avrdude: ser_open(): can't open device \"/dev/ttyUSB0\": Permission denied", ctx)).toContain('dialout');
    expect(adviceForAvrdude('ser_open(): can\'t open device: Device or resource busy', ctx)).toContain('Serial Monitor');
  });
  it('returns null for output it does not know', () => {
    expect(adviceForAvrdude('avrdude done.  Thank you.', ctx)).toBeNull();
  });
  it('quotes a path with spaces so the printed command can be pasted', () => {
    expect(shellLine('avrdude', ['-U', "flash:w:/my hex/it's.hex:i"])).toBe("avrdude -U 'flash:w:/my hex/it'\\''s.hex:i'");
  });
});

describe('versions and file kinds', () => {
  it('compares firmware versions numerically (0.9.0 < 0.10.0)', () => {
    expect(compareVersions('0.9.0', '0.10.0')).toBe(-1);
    expect(compareVersions('20.20.2', '20.19')).toBe(1);
    expect(compareVersions('0.1.0', '0.1')).toBe(0);
  });
  it('guesses the kind of an unreadable file from its name', () => {
    expect(kindFromName('var/xor.state.json.prev')).toBe('state');
    expect(kindFromName('my.network.json')).toBe('network');
    expect(kindFromName('boards/rigs/xor.json')).toBe('rig');
    expect(kindFromName('data.csv')).toBe('corpus');
    expect(kindFromName('package.json')).toBeNull();
  });
  it('tells a board with older firmware to be flashed, and passes a current one', () => {
    const identity = { id: 'a0000001', board: 'uno', protocol: 1, channels: 1, maxChannels: 4 };
    const port = (firmware: string) => ({ path: '/dev/ttyACM0', likely: true, probe: { path: '/dev/ttyACM0', answered: true as const, identity: { ...identity, firmware } } });
    const [old] = boardFindings([port('0.0.9')], '0.1.0');
    expect(old).toMatchObject({ verdict: 'warn', fix: 'flash it: neuroboard flash --board uno --port /dev/ttyACM0' });
    expect(boardFindings([port('0.1.0')], '0.1.0')[0]?.verdict).toBe('ok');
  });
});
