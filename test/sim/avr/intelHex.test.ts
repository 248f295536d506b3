import { describe, expect, it } from 'vitest';
import { isNbError } from '../../../src/core/errors.js';
import { packageHexFiles } from '../../../src/hosts/node/boardFiles.js';
import { parseIntelHex } from '../../../src/sim/avr/intelHex.js';

const GOOD = [':100000000C9482000C9460040C9487040C94AA0055', ':00000001FF', ''].join('\n');

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('Intel HEX loader', () => {
  it('loads data records into a flash image padded with 0xff', () => {
    const flash = parseIntelHex(GOOD, 64, 'good.hex');
    expect([...flash.subarray(0, 4)]).toEqual([0x0c, 0x94, 0x82, 0x00]);
    expect(flash[16]).toBe(0xff);
  });

  it('honours extended linear address records (Mega code above 64 KiB)', () => {
    const text = [':020000040001F9', ':02000000AABB99', ':00000001FF'].join('\n');
    const flash = parseIntelHex(text, 0x20000, 'ext.hex');
    expect([flash[0x10000], flash[0x10001]]).toEqual([0xaa, 0xbb]);
  });

  it('a corrupted byte (checksum mismatch) is NB_ERR_INVALID_HEX naming the file and line', () => {
    const bad = GOOD.replace('0C9482', '0C9483');
    const err = errorOf(() => parseIntelHex(bad, 64, 'fw.hex'));
    expect(isNbError(err, 'NB_ERR_INVALID_HEX')).toBe(true);
    expect((err as Error).message).toMatch(/fw\.hex line 1: checksum mismatch/);
  });

  it('a truncated file (no end-of-file record) is refused', () => {
    const err = errorOf(() => parseIntelHex(GOOD.split('\n')[0]!, 64, 'cut.hex'));
    expect((err as Error).message).toMatch(/cut\.hex.*no end-of-file record/);
  });

  it('a line that is not a record, a short record and data past the flash are refused with their line', () => {
    expect((errorOf(() => parseIntelHex(`${GOOD.split('\n')[0]}\nhello\n:00000001FF`, 64, 'x.hex')) as Error).message).toMatch(/x\.hex line 2: not an Intel HEX record/);
    expect((errorOf(() => parseIntelHex(':0500000001FA\n:00000001FF', 64, 'y.hex')) as Error).message).toMatch(/y\.hex line 1: record says 5 data bytes/);
    expect((errorOf(() => parseIntelHex(GOOD, 8, 'z.hex')) as Error).message).toMatch(/z\.hex line 1: data at 0x0 past the end/);
  });

  it('a missing file is NB_ERR_INVALID_HEX saying what to do (the Node host reading it)', () => {
    const err = errorOf(() => packageHexFiles.read('/nonexistent/fw.hex'));
    expect(isNbError(err, 'NB_ERR_INVALID_HEX')).toBe(true);
    expect((err as Error).message).toMatch(/\/nonexistent\/fw\.hex.*Build it/);
  });
});
