/**
 * libgcc's __udivmodsi4 computed at once (src/sim/avr/libgccDivision.ts) must leave exactly what the
 * instructions leave: every register, SREG, the cycle count and the PC, checked against avr8js
 * executing the routine from the Mega bootloader's own flash; and a Mega reset through its real
 * stk500v2 must reach BOOT at the same cycle with the shortcut as without.
 */
import { avrInstruction, CPU } from 'avr8js';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/core/rng.js';
import { AvrBoard } from '../../../src/sim/avr/avrBoard.js';
import { flashImage } from '../../../src/sim/avr/flashImage.js';
import { findDivisionRoutines, finishDivision } from '../../../src/sim/avr/libgccDivision.js';
import { ATMEGA2560, ATMEGA328P } from '../../../src/sim/avr/mcu.js';
import { eepromWithId } from '../../../src/sim/avr/simBoard.js';
import { catalogue, packageHexFiles } from '../../helpers/boards.js';

const megaBoot = flashImage(ATMEGA2560, catalogue.get('mega').bootloader!.hex, packageHexFiles);
const entry = findDivisionRoutines(megaBoot)[0]!;

/** A CPU at the routine's entry with these operands and SREG (the other registers seeded too). */
function cpuAt(dividend: number, divisor: number, sreg: number, seed: number): CPU {
  const cpu = new CPU(megaBoot, ATMEGA2560.sramBytes);
  const rng = createRng(seed);
  for (let r = 0; r < 32; r++) cpu.data[r] = Math.floor(rng.next() * 256);
  const put = (reg: number, v: number) => [0, 8, 16, 24].forEach((s, i) => (cpu.data[reg + i] = (v >>> s) & 0xff));
  put(22, dividend);
  put(18, divisor);
  cpu.data[95] = sreg & 0x7f; // interrupts off: nothing but the routine runs
  cpu.pc = entry;
  cpu.cycles = 1000;
  return cpu;
}

function interpreted(cpu: CPU): void {
  const ret = entry + 33;
  for (let n = 0; cpu.pc !== ret; n++) {
    if (n > 1000) throw new Error(`the routine did not reach its RET (pc ${cpu.pc.toString(16)})`);
    avrInstruction(cpu);
    cpu.tick();
  }
}

describe('libgcc __udivmodsi4 computed at once', () => {
  it('is found where the Mega bootloader and the sketches have it, followed by its RET', () => {
    expect(entry).toBe(0x3f67a / 2);
    expect(megaBoot[entry + 33]).toBe(0x9508);
    expect(findDivisionRoutines(flashImage(ATMEGA2560, catalogue.get('mega').firmware, packageHexFiles))).toHaveLength(1);
    expect(findDivisionRoutines(flashImage(ATMEGA328P, catalogue.get('uno').firmware, packageHexFiles))).toHaveLength(1);
  });

  it('leaves every register, SREG, the cycles and the PC as the instructions do (edge cases and 300 random operands)', () => {
    const rng = createRng(7);
    const u32 = () => Math.floor(rng.next() * 2 ** 32) >>> 0;
    const cases: [number, number][] = [
      [0, 1], [1, 1], [0xffffffff, 1], [0xffffffff, 0xffffffff], [12345, 0], [0, 0], [0xffffffff, 0x80000000],
      [0x7fffffff, 0x80000001], [20001, 7111], [14222, 7111], [7110, 7111], [0xdeadbeef, 0x10001],
    ];
    for (let i = 0; i < 300; i++) cases.push([u32(), i % 3 === 0 ? u32() : u32() >>> (i % 31)]);
    cases.forEach(([dividend, divisor], i) => {
      const sreg = i & 0x7f;
      const real = cpuAt(dividend, divisor, sreg, i);
      const fast = cpuAt(dividend, divisor, sreg, i);
      interpreted(real);
      const cycles = finishDivision(fast, Infinity, Infinity);
      const what = `${dividend} / ${divisor}`;
      expect(cycles, what).toBe(real.cycles - 1000);
      expect(fast.cycles, what).toBe(real.cycles);
      expect(fast.pc, what).toBe(real.pc);
      expect([...fast.data.subarray(0, 96)], what).toEqual([...real.data.subarray(0, 96)]);
      if (divisor !== 0) {
        const q = real.data[18]! | (real.data[19]! << 8) | (real.data[20]! << 16) | (real.data[21]! << 24);
        expect(q >>> 0, what).toBe(Math.floor(dividend / divisor));
      }
    });
  });

  it('is not taken when a clock event is due before the routine ends, an interrupt is ready, or the end is past the limit', () => {
    const untouched = (cpu: CPU) => expect([cpu.pc, cpu.cycles]).toEqual([entry, 1000]);
    let cpu = cpuAt(20001, 7111, 0, 1);
    expect(finishDivision(cpu, 1000 + 400, Infinity)).toBe(0);
    untouched(cpu);
    expect(finishDivision(cpu, Infinity, 1000 + 400)).toBe(0);
    untouched(cpu);
    cpu = cpuAt(20001, 7111, 0x80, 1);
    cpu.data[95] = 0x80;
    cpu.queueInterrupt({ address: 0x20, flagRegister: 0x36, flagMask: 1, enableRegister: 0x6f, enableMask: 1 });
    expect(cpu.nextInterrupt).toBeGreaterThanOrEqual(0);
    expect(finishDivision(cpu, Infinity, Infinity)).toBe(0);
    untouched(cpu);
  });

  it('mega: a reset through stk500v2 reaches BOOT at the same cycle with it as without, and most of the wait is computed', () => {
    const boot = (sleepSkipping: boolean) => {
      const avr = new AvrBoard({ profile: catalogue.get('mega'), files: packageHexFiles, eeprom: eepromWithId('0badcafe', 1), bootloader: true, sleepSkipping });
      let text = '';
      let firstAt = -1;
      avr.uart.onTransmit = (c) => {
        if (firstAt < 0) firstAt = avr.cycles;
        text += String.fromCharCode(c);
      };
      avr.runUntil(() => text.includes('\n'), 2000);
      return { text, firstAt, stats: { ...avr.stats } };
    };
    const exact = boot(false);
    const fast = boot(true);
    expect(fast.text).toBe('BOOT 1 0.1.0 mega 0badcafe 1 8 power\n');
    expect(fast.text).toBe(exact.text);
    expect(fast.firstAt).toBe(exact.firstAt);
    expect(exact.stats.computedCycles).toBe(0);
    // stk500v2's ~13 M cycles of waiting are mostly its LED-blink division.
    expect(fast.stats.computedCycles).toBeGreaterThan(10_000_000);
    expect(fast.stats.executedCycles).toBeLessThan(exact.stats.executedCycles / 4);
  });
});
