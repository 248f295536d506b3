/**
 * SPM (self-programming) and the BOOTRST reset vector of the emulated MCUs, on their own: small
 * hand-assembled programs placed in the boot section, checked against what the ATmega328P and
 * ATmega2560 datasheets say the chip does.
 */
import { describe, expect, it } from 'vitest';
import { AvrBoard } from '../../../src/sim/avr/avrBoard.js';
import { ATMEGA2560, ATMEGA328P } from '../../../src/sim/avr/mcu.js';
import { bootResetWord, SPM_OPERATION_MS } from '../../../src/sim/avr/selfProgramming.js';
import type { BoardProfile } from '../../../src/catalogue/schema.js';
import { catalogue, packageHexFiles } from '../../helpers/boards.js';

// --- a tiny assembler: just the instructions these programs use (AVR instruction set manual) -----
const ldi = (d: number, k: number) => 0xe000 | ((k & 0xf0) << 4) | ((d - 16) << 4) | (k & 0x0f);
const out = (a: number, r: number) => 0xb800 | ((a & 0x30) << 5) | (r << 4) | (a & 0x0f);
const inp = (d: number, a: number) => 0xb000 | ((a & 0x30) << 5) | (d << 4) | (a & 0x0f);
const mov = (d: number, r: number) => 0x2c00 | ((r & 0x10) << 5) | (d << 4) | (r & 0x0f);
const sbrc = (r: number, b: number) => 0xfc00 | (r << 4) | b;
const rjmp = (k: number) => 0xc000 | (k & 0x0fff);
const SPM = 0x95e8;
const SPMCSR_IO = 0x37;
const GPIOR0_IO = 0x1e;
const RAMPZ_IO = 0x3b;
const SPIN = rjmp(-1); // rjmp .-2: stay here

/** r1:r0 = word; Z = byteAddress (low 16 bits). */
const loadWord = (word: number) => [ldi(16, word & 0xff), mov(0, 16), ldi(16, word >> 8), mov(1, 16)];
const loadZ = (byteAddress: number) => [ldi(30, byteAddress & 0xff), ldi(31, (byteAddress >> 8) & 0xff)];
/** SPMCSR = bits; spm; then wait while SPMEN is set. */
const spm = (bits: number) => [ldi(16, bits), out(SPMCSR_IO, 16), SPM, inp(17, SPMCSR_IO), sbrc(17, 0), rjmp(-3)];

function flashWith(flashBytes: number, programs: Array<[number, number[]]>): Uint8Array {
  const image = new Uint8Array(flashBytes).fill(0xff);
  for (const [wordAddress, words] of programs) {
    words.forEach((w, i) => {
      image[(wordAddress + i) * 2] = w & 0xff;
      image[(wordAddress + i) * 2 + 1] = w >> 8;
    });
  }
  return image;
}

/** The board's profile with another high fuse and no bootloader: the test program is all there is. */
function profileWith(name: string, high: number): BoardProfile {
  const { bootloader: _bootloader, ...profile } = catalogue.get(name);
  return { ...profile, fuses: { low: '0xff', high: `0x${high.toString(16).padStart(2, '0')}`, extended: '0xfd' } };
}

/** The word at byte address `a` of the board's flash. */
const word = (board: AvrBoard, byteAddress: number) => board.progMem[byteAddress >> 1]!;

describe('BOOTRST: the reset vector', () => {
  it('BOOTSZ sizes the boot section as the datasheets table it (328P: 256..2048 words; 2560: 512..4096)', () => {
    expect(bootResetWord(ATMEGA328P, 0xde)).toBe(0x3f00); // Uno: optiboot, 512 bytes at 0x7e00
    expect(bootResetWord(ATMEGA328P, 0xdc)).toBe(0x3e00);
    expect(bootResetWord(ATMEGA328P, 0xda)).toBe(0x3c00); // Nano clones: ATmegaBOOT, 2 KiB at 0x7800
    expect(bootResetWord(ATMEGA328P, 0xd8)).toBe(0x3800);
    expect(bootResetWord(ATMEGA2560, 0xd8)).toBe(0x1f000); // Mega: stk500v2, 8 KiB at 0x3e000
    expect(bootResetWord(ATMEGA2560, 0xde)).toBe(0x1fe00);
    expect(bootResetWord(ATMEGA328P, 0xdf)).toBeNull(); // BOOTRST unprogrammed
  });

  for (const [name, high, start] of [
    ['uno', 0xde, 0x3f00],
    ['uno', 0xda, 0x3c00],
    ['mega', 0xd8, 0x1f000],
  ] as const) {
    it(`${name}, high fuse 0x${high.toString(16)}: every reset starts at word 0x${start.toString(16)}, not 0`, () => {
      const profile = profileWith(name, high);
      const image = flashWith(profile.flashBytes, [
        [0, [ldi(16, 0x11), out(GPIOR0_IO, 16), SPIN]],
        [start, [ldi(16, 0xb0), out(GPIOR0_IO, 16), SPIN]],
      ]);
      const board = new AvrBoard({ profile, files: packageHexFiles, firmware: image });
      const gpior0 = () => (board as unknown as { cpu: { data: Uint8Array } }).cpu.data[0x3e];
      board.run(100);
      expect(gpior0()).toBe(0xb0);
      board.reset('external');
      board.run(100);
      expect(gpior0()).toBe(0xb0);
    });
  }

  it('with BOOTRST unprogrammed (high fuse 0xdf) reset starts at 0', () => {
    const profile = profileWith('uno', 0xdf);
    const board = new AvrBoard({ profile, files: packageHexFiles, firmware: flashWith(profile.flashBytes, [[0, [ldi(16, 0x11), out(GPIOR0_IO, 16), SPIN]], [0x3f00, [ldi(16, 0xb0), out(GPIOR0_IO, 16), SPIN]]]) });
    board.run(100);
    expect((board as unknown as { cpu: { data: Uint8Array } }).cpu.data[0x3e]).toBe(0x11);
  });
});

describe('SPM: page erase, page buffer fill, page write, RWWSRE', () => {
  const page = 0x0100; // byte address of a 328P page (128 bytes)

  function programmer(words: number[], initial = 0x0000): AvrBoard {
    const profile = profileWith('uno', 0xde);
    // The page starts out holding `initial` (not blank), so an erase is visible.
    const image = flashWith(profile.flashBytes, [[page >> 1, new Array(64).fill(initial)], [0x3f00, words]]);
    return new AvrBoard({ profile, files: packageHexFiles, firmware: image });
  }

  it('erases a page to 0xff, fills the buffer from r1:r0, writes it, and re-enables RWW; each operation keeps SPMEN set for ~4 ms', () => {
    const board = programmer([
      ...loadZ(page), ...spm(0x03), // page erase
      ...loadWord(0x1234), ...loadZ(page), ...spm(0x01), // buffer word 0
      ...loadWord(0xbeef), ...loadZ(page + 2), ...spm(0x01), // buffer word 1
      ...loadZ(page), ...spm(0x05), // page write
      ...spm(0x11), // RWWSRE
      ldi(16, 0xd0), out(GPIOR0_IO, 16), SPIN,
    ]);
    const cpu = (board as unknown as { cpu: { data: Uint8Array; readData(a: number): number } }).cpu;
    board.runFor(1);
    // Mid-erase: the page is already erased, SPMEN and RWWSB read as set.
    expect(word(board, page)).toBe(0xffff);
    expect(cpu.readData(0x57) & 0x41).toBe(0x41);
    const ms = board.runUntil(() => cpu.data[0x3e] === 0xd0, 50, 0.1);
    // Two operations of 3.7–4.5 ms each (erase, write), from the 1 ms already run.
    expect(ms + 1).toBeGreaterThanOrEqual(2 * 3.7);
    expect(ms + 1).toBeLessThanOrEqual(2 * 4.5 + 0.5);
    expect(word(board, page)).toBe(0x1234);
    expect(word(board, page + 2)).toBe(0xbeef);
    for (let a = page + 4; a < page + 128; a += 2) expect(word(board, a)).toBe(0xffff);
    expect(word(board, page + 128)).toBe(0xffff); // the next page was never touched (it was blank)
    expect(word(board, page - 2)).toBe(0xffff);
    expect(cpu.readData(0x57) & 0x41).toBe(0); // RWWSB cleared by RWWSRE
    expect(board.spm.stats).toEqual({ erases: 1, writes: 1, fills: 2 });
    expect(SPM_OPERATION_MS).toBeGreaterThanOrEqual(3.7);
  });

  it('a page write without an erase can only clear bits (flash is the AND of old and new)', () => {
    const board = programmer([...loadWord(0xff0f), ...loadZ(page), ...spm(0x01), ...loadZ(page), ...spm(0x05), ldi(16, 0xd0), out(GPIOR0_IO, 16), SPIN], 0x0ff0);
    board.runFor(10);
    expect(word(board, page)).toBe(0x0f00); // 0x0ff0 & 0xff0f
    expect(word(board, page + 2)).toBe(0x0ff0); // buffer word left at 0xffff: unchanged
  });

  it('SPM with no SPMCSR write in the four cycles before it does nothing', () => {
    const board = programmer([...loadZ(page), ldi(16, 0x03), out(SPMCSR_IO, 16), 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, SPM, ldi(16, 0xd0), out(GPIOR0_IO, 16), SPIN]);
    board.runFor(10);
    expect(word(board, page)).toBe(0x0000);
    expect(board.spm.stats.erases).toBe(0);
  });

  it('mega: RAMPZ selects the 64 KiB bank, pages are 256 bytes', () => {
    const profile = profileWith('mega', 0xd8);
    const target = 0x20000 + 0x0200; // byte address above 128 KiB
    const image = flashWith(profile.flashBytes, [[target >> 1, new Array(128).fill(0)], [0x1f000, [
      ldi(16, 2), out(RAMPZ_IO, 16),
      ...loadZ(target), ...spm(0x03),
      ...loadWord(0xcafe), ...loadZ(target + 254), ...spm(0x01),
      ...loadZ(target), ...spm(0x05), ...spm(0x11),
      ldi(16, 0xd0), out(GPIOR0_IO, 16), SPIN,
    ]]]);
    const board = new AvrBoard({ profile, files: packageHexFiles, firmware: image });
    board.runFor(12);
    expect(word(board, target + 254)).toBe(0xcafe);
    expect(word(board, target)).toBe(0xffff);
    expect(word(board, target + 256)).toBe(0xffff);
    expect(word(board, 0x0200 + 254)).toBe(0xffff); // bank 0 untouched
  });
});
