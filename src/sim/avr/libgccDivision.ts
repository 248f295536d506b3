/**
 * libgcc's 32-bit unsigned division (__udivmodsi4), carried out in JavaScript instead of instruction
 * by instruction, with exactly the registers, flags and cycles the instructions would leave.
 *
 * Why: the Mega's stk500v2 waits for the host in a loop that calls it on every pass
 * (`boot_timer % _BLINK_LOOP_COUNT_`, to blink the LED): ~565 of the ~650 cycles a pass, 20 000
 * passes, ~13 M cycles after every reset. The loop cannot be skipped like a poll loop (its counter,
 * the LED and the division's registers change every pass), but the division is a pure function of
 * its operands: no memory, no I/O. So it is computed here and the CPU resumes at its RET, at the
 * cycle the instructions would have reached. This is a faster way to the same state, not a model:
 * the routine is recognised by its exact code (any firmware built with this libgcc has the same
 * words), and it is only taken where nothing else could happen meanwhile (no interrupt pending, no
 * clock event due before it ends), so the host sees the bootloader's real timing to the cycle.
 * test/sim/avr/libgccDivision.test.ts checks it against the interpreter.
 */
import type { CPU } from 'avr8js';

/** __udivmodsi4 as libgcc (avr-gcc 4.x–7.x) compiles it: entry to just before its RET. */
const UDIVMODSI4 = [
  0xe2a1, // ldi r26, 33
  0x2e1a, // mov r1, r26 (the loop counter: __zero_reg__, 0 again at the end)
  0x1baa, // sub r26, r26
  0x1bbb, // sub r27, r27
  0x01fd, // movw r30, r26
  0xc00d, // rjmp ep
  0x1faa, 0x1fbb, 0x1fee, 0x1fff, // loop: rol the remainder (adc r26,r26 … r31,r31)
  0x17a2, 0x07b3, 0x07e4, 0x07f5, // cp/cpc remainder, divisor (r18..r21)
  0xf020, // brcs ep
  0x1ba2, 0x0bb3, 0x0be4, 0x0bf5, // sub/sbc remainder, divisor
  0x1f66, 0x1f77, 0x1f88, 0x1f99, // ep: rol the dividend/quotient (r22..r25)
  0x941a, // dec r1
  0xf769, // brne loop
  0x9560, 0x9570, 0x9580, 0x9590, // com r22..r25
  0x019b, 0x01ac, 0x01bd, 0x01cf, // movw r18,r22; movw r20,r24; movw r22,r26; movw r24,r30
] as const;
const RET = 0x9508;

/** SREG bits. */
const C = 0x01;
const Z = 0x02;
const N = 0x04;
const S = 0x10;
const H = 0x20;
const SREG = 95;

/** Word addresses in `progMem` where __udivmodsi4 starts (followed by its RET). */
export function findDivisionRoutines(progMem: Uint16Array): number[] {
  const found: number[] = [];
  const first = UDIVMODSI4[0];
  for (let a = progMem.indexOf(first); a >= 0; a = progMem.indexOf(first, a + 1)) {
    if (isDivisionRoutine(progMem, a)) found.push(a);
  }
  return found;
}

function isDivisionRoutine(progMem: Uint16Array, at: number): boolean {
  for (let i = 0; i < UDIVMODSI4.length; i++) if (progMem[at + i] !== UDIVMODSI4[i]) return false;
  return progMem[at + UDIVMODSI4.length] === RET;
}

/** The outcome of one call: the registers it leaves, SREG, and the cycles from entry to its RET. */
export interface DivisionResult {
  quotient: number;
  remainder: number;
  sreg: number;
  cycles: number;
}

/**
 * What the routine's instructions compute from the dividend (r22..r25) and divisor (r18..r21),
 * following them step by step: 33 shifts of the dividend with the carry, 32 trial subtractions
 * (taken when the remainder is not below the divisor), then the complement.
 */
export function udivmodsi4(dividend: number, divisor: number, sregIn: number): DivisionResult {
  let a = dividend >>> 0; // r22..r25: the dividend, shifted left as the (inverted) quotient comes in
  let rem = 0; // r26, r27, r30, r31
  let carry = 0; // sub r27, r27 leaves C clear
  let half = 0; // H from the last adc r25, r25
  let cycles = 7; // ldi, mov, sub, sub, movw (1 each), rjmp (2)
  for (let counter = 33; ; ) {
    // ep: adc r22..r25 (the carry in is the trial's outcome), dec r1, brne loop
    // adc r25,r25 sets H. The chip takes it from bit 3; avr8js 0.21 from bit 0 of r25 (a quirk no
    // code here reads): the shortcut leaves what the emulator's own instructions would.
    half = (a >>> 24) & 1;
    const out = a >>> 31;
    a = ((a << 1) | carry) >>> 0;
    carry = out;
    counter--;
    cycles += 4 + 1;
    if (counter === 0) {
      cycles += 1; // brne not taken
      break;
    }
    cycles += 2; // brne taken
    // loop: adc r26..r31 (the dividend's top bit comes in), cp/cpc against the divisor, brcs
    rem = ((rem << 1) | carry) >>> 0;
    cycles += 4 + 4;
    if (rem < divisor >>> 0) {
      carry = 1;
      cycles += 2; // brcs taken
    } else {
      rem = (rem - (divisor >>> 0)) >>> 0;
      carry = 0; // no borrow
      cycles += 1 + 4; // brcs not taken, sub + sbc × 3
    }
  }
  const quotient = ~a >>> 0;
  cycles += 4 + 4; // com × 4, movw × 4
  // com r25 sets C, clears V (bit 3), and sets N, Z and S from r25; H stays as the last adc left it; T and I untouched.
  const top = quotient >>> 24;
  let sreg = (sregIn & 0xc0) | C | (half ? H : 0);
  if (top & 0x80) sreg |= N | S;
  if (top === 0) sreg |= Z;
  return { quotient, remainder: rem, sreg, cycles };
}

/**
 * Finishes a call to __udivmodsi4 at once when the CPU stands at its entry: sets r1, r18..r27, r30,
 * r31 and SREG, adds the cycles, and leaves the PC on the RET (executed normally, popping the
 * return address). Returns the cycles added, or 0 (nothing done) when something else could happen
 * before the routine ends: an interrupt ready to be taken, or a clock event due by then (it might
 * raise one, and would run at a different instruction), or the end lies past `limit`.
 */
export function finishDivision(cpu: CPU, nextEventCycles: number, limit: number): number {
  if (cpu.interruptsEnabled && cpu.nextInterrupt >= 0) return 0;
  const d = cpu.data;
  const dividend = (d[22]! | (d[23]! << 8) | (d[24]! << 16) | (d[25]! << 24)) >>> 0;
  const divisor = (d[18]! | (d[19]! << 8) | (d[20]! << 16) | (d[21]! << 24)) >>> 0;
  const r = udivmodsi4(dividend, divisor, d[SREG]!);
  const end = cpu.cycles + r.cycles;
  if (end > limit || nextEventCycles <= end) return 0;
  const put = (reg: number, value: number) => {
    d[reg] = value & 0xff;
    d[reg + 1] = (value >>> 8) & 0xff;
    d[reg + 2] = (value >>> 16) & 0xff;
    d[reg + 3] = (value >>> 24) & 0xff;
  };
  put(18, r.quotient);
  put(22, r.remainder);
  d[26] = r.remainder & 0xff;
  d[27] = (r.remainder >>> 8) & 0xff;
  d[30] = (r.remainder >>> 16) & 0xff;
  d[31] = (r.remainder >>> 24) & 0xff;
  d[1] = 0;
  d[SREG] = r.sreg;
  cpu.cycles = end;
  cpu.pc += UDIVMODSI4.length;
  return r.cycles;
}
