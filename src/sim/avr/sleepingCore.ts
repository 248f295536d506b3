/**
 * The emulator's hot loop, with the one thing avr8js leaves out that makes dozens of boards
 * affordable: a CPU that executed SLEEP (with SE set) does nothing until an interrupt is taken, so
 * instead of ticking through those cycles the loop jumps from one clock event (timers, the UART, the
 * watchdog, button and host-byte events) to the next. The firmware sleeps between interrupts.
 */
import { avrInstruction, type CPU } from 'avr8js';
import type { SelfProgramming } from './selfProgramming.js';

/** The SLEEP opcode: avr8js executes it as a no-op, so the loop watches for it. */
const OPCODE_SLEEP = 0x9588;
/** SMCR bit 0: sleep enable. */
const SMCR_SE = 0x01;

/** avr8js keeps its clock-event list private; sleep skipping needs to peek at the head. */
interface CpuClockQueue {
  nextClockEvent: { cycles: number } | null;
}

export class SleepingCore {
  sleeping = false;
  /** Set (by the watchdog's reset hook) to stop the loop so the board can rebuild the chip. */
  resetPending = false;

  constructor(
    readonly cpu: CPU,
    /** The SMCR register's data address. */
    private readonly smcr: number,
    /** Off only to measure that skipping changes nothing. */
    private readonly sleepSkipping: boolean,
    /** Carries out SPM, which avr8js executes as a no-op (null: SPM stays a no-op). */
    private readonly spm: SelfProgramming | null = null,
  ) {}

  /** Runs to cycle `target` (or a pending reset); returns the cycles executed and the cycles skipped asleep. */
  execute(target: number): { executed: number; skipped: number } {
    const cpu = this.cpu;
    const prog = cpu.progMem;
    const data = cpu.data;
    const SMCR = this.smcr;
    const queue = cpu as unknown as CpuClockQueue;
    let executed = 0;
    let skipped = 0;
    while (cpu.cycles < target && !this.resetPending) {
      if (this.sleeping) {
        // Asleep: nothing executes until an interrupt is taken, and only a clock event can raise one.
        const event = queue.nextClockEvent;
        if (!(cpu.interruptsEnabled && cpu.nextInterrupt >= 0)) {
          const next = event === null ? target : Math.min(event.cycles, target);
          if (next > cpu.cycles) {
            skipped += next - cpu.cycles;
            cpu.cycles = next;
          }
          if (next === target && (event === null || event.cycles > target)) break;
        }
        const pc = cpu.pc;
        cpu.tick();
        if (cpu.pc !== pc) this.sleeping = false; // an interrupt woke the CPU
        continue;
      }
      const before = cpu.cycles;
      const opcode = prog[cpu.pc];
      avrInstruction(cpu);
      const pc = cpu.pc;
      cpu.tick();
      executed += cpu.cycles - before;
      // SPM (0x95e8) and SPM Z+ (0x95f8): one compare covers both.
      if ((opcode! | 0x10) === 0x95f8 && this.spm) this.spm.execute(opcode!);
      // Asleep after SLEEP with SE set, unless an interrupt was taken on this very tick (then the CPU
      // woke at once and is now at the vector).
      if (opcode === OPCODE_SLEEP && this.sleepSkipping && (data[SMCR]! & SMCR_SE) !== 0 && cpu.pc === pc) this.sleeping = true;
    }
    return { executed, skipped };
  }
}
