/**
 * The emulator's hot loop, with the one thing avr8js leaves out that makes dozens of boards
 * affordable: a CPU that executed SLEEP (with SE set) does nothing until an interrupt is taken, so
 * instead of ticking through those cycles the loop jumps from one clock event (timers, the UART, the
 * watchdog, button and host-byte events) to the next. The firmware sleeps between interrupts. A
 * bootloader never sleeps but busy-waits on a flag (a received byte, a timer overflow, SPM done):
 * such a pure polling loop is skipped the same way. And libgcc's 32-bit division, which the Mega's
 * stk500v2 calls on every pass of its wait loop, is computed at once (libgccDivision.ts).
 */
import { avrInstruction, type CPU } from 'avr8js';
import { findDivisionRoutines, finishDivision } from './libgccDivision.js';
import type { SelfProgramming } from './selfProgramming.js';

/** More than one pass of the longest poll loop recognised (LDS 2 + SBRS 2 + RJMP 2 cycles). */
const POLL_PASS_CYCLES = 6;
/** The SLEEP opcode: avr8js executes it as a no-op, so the loop watches for it. */
const OPCODE_SLEEP = 0x9588;
/** SMCR bit 0: sleep enable. */
const SMCR_SE = 0x01;
/** SPMCSR's data address: its read hook depends on the cycle, but an operation's end is a clock event. */
const SPMCSR = 0x57;

/**
 * True when the words from `start` up to the RJMP at `end` only read I/O and test a bit (IN or LDS
 * then SBRS/SBRC, or SBIS/SBIC): a busy-wait such as a bootloader's `while (!(UCSR0A & RXC0));`.
 * Such a loop does the same thing every time round until a clock event (a received byte, a timer
 * flag, the watchdog) changes what it reads; registers with a read hook (UDR consumes, TCNT counts)
 * are not pure reads and rule the loop out.
 */
function isPollLoop(cpu: CPU, start: number, end: number): boolean {
  const prog = cpu.progMem;
  let reads = 0;
  const pure = (address: number) => cpu.readHooks[address] === undefined || address === SPMCSR;
  for (let a = start; a < end; a++) {
    const w = prog[a]!;
    if ((w & 0xf800) === 0xb000) {
      if (!pure((((w & 0x600) >> 5) | (w & 0xf)) + 0x20)) return false; // IN
      reads++;
    } else if ((w & 0xfe0f) === 0x9000) {
      if (!pure(prog[++a]!)) return false; // LDS (two words)
      reads++;
    } else if ((w & 0xfd00) === 0x9900) {
      if (!pure(((w >> 3) & 0x1f) + 0x20)) return false; // SBIC / SBIS
      reads++;
    } else if ((w & 0xfc08) !== 0xfc00) {
      return false; // not SBRC / SBRS
    }
  }
  return reads > 0;
}

/** A countdown busy-wait's shape: the counter's registers, low byte first, and cycles per pass. */
interface Countdown {
  counter: number[];
  cyclesPerPass: number;
}

/**
 * Recognises a busy-wait with a timeout, as stk500v2's recchar_timeout compiles:
 *   LDS/IN rp, A;  SBRC/SBRS rp, b;  RJMP out;  SUBI ra, 1;  SBC rb, r1 ...;  BRNE start
 * i.e. a pure poll and a counter counted down by one per pass. Returns null for anything else.
 */
function countdownLoop(cpu: CPU, start: number, end: number): Countdown | null {
  const prog = cpu.progMem;
  let a = start;
  let w = prog[a]!;
  let cycles: number;
  if ((w & 0xfe0f) === 0x9000 && (cpu.readHooks[prog[a + 1]!] === undefined || prog[a + 1] === SPMCSR)) {
    cycles = 2;
    a += 2;
  } else if ((w & 0xf800) === 0xb000 && cpu.readHooks[(((w & 0x600) >> 5) | (w & 0xf)) + 0x20] === undefined) {
    cycles = 1;
    a += 1;
  } else return null;
  if ((prog[a]! & 0xfc08) !== 0xfc00 || (prog[a + 1]! & 0xf000) !== 0xc000 || prog[a + 1]! & 0x800) return null;
  cycles += 2; // the bit test skips the one-word RJMP
  a += 2;
  w = prog[a]!;
  if ((w & 0xf000) !== 0x5000 || (((w >> 4) & 0xf0) | (w & 0xf)) !== 1) return null; // SUBI ra, 1
  const counter = [16 + ((w >> 4) & 0xf)];
  cycles += 1;
  for (a++; a < end; a++) {
    w = prog[a]!;
    if ((w & 0xfc00) !== 0x0800 || ((w & 0x200) >> 5 | (w & 0xf)) !== 1) return null; // SBC rx, r1
    counter.push((w >> 4) & 0x1f);
    cycles += 1;
  }
  return counter.length <= 4 ? { counter, cyclesPerPass: cycles + 2 } : null;
}

/** avr8js keeps its clock-event list private; sleep skipping needs to peek at the head. */
interface CpuClockQueue {
  nextClockEvent: { cycles: number } | null;
}

export class SleepingCore {
  sleeping = false;
  /** Set (by the watchdog's reset hook) to stop the loop so the board can rebuild the chip. */
  resetPending = false;

  /** Poll-loop verdicts by the RJMP's address (cleared when SPM rewrites flash). */
  private readonly pollLoops = new Map<number, boolean>();
  /** Countdown-loop verdicts by the BRNE's address (cleared when SPM rewrites flash). */
  private readonly countdowns = new Map<number, Countdown | null>();
  /** Where __udivmodsi4 starts in flash (word addresses; -1: none), e.g. the bootloader's and the sketch's copies. */
  private divisionA = -1;
  private divisionB = -1;

  constructor(
    readonly cpu: CPU,
    /** The SMCR register's data address. */
    private readonly smcr: number,
    /** Off only to measure that skipping changes nothing. */
    private readonly sleepSkipping: boolean,
    /** Carries out SPM, which avr8js executes as a no-op (null: SPM stays a no-op). */
    private readonly spm: SelfProgramming | null = null,
  ) {
    this.findDivision();
  }

  private findDivision(): void {
    const found = this.sleepSkipping ? findDivisionRoutines(this.cpu.progMem) : [];
    this.divisionA = found[0] ?? -1;
    this.divisionB = found[1] ?? -1;
  }

  /**
   * Runs to cycle `target` (or a pending reset); returns the cycles executed instruction by
   * instruction, the cycles skipped asleep or in a busy-wait, and the cycles of library routines
   * computed at once (libgccDivision.ts).
   */
  execute(target: number): { executed: number; skipped: number; computed: number } {
    const cpu = this.cpu;
    const prog = cpu.progMem;
    const data = cpu.data;
    const SMCR = this.smcr;
    const queue = cpu as unknown as CpuClockQueue;
    let executed = 0;
    let skipped = 0;
    let computed = 0;
    /** When a clock event last ran (an event in the poll loop's last pass rules out a skip). */
    let lastEventAt = -Infinity;
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
      const headBeforeTick = queue.nextClockEvent;
      cpu.tick();
      if (queue.nextClockEvent !== headBeforeTick) lastEventAt = cpu.cycles;
      executed += cpu.cycles - before;
      // SPM (0x95e8) and SPM Z+ (0x95f8): one compare covers both.
      if ((opcode! | 0x10) === 0x95f8 && this.spm) {
        const flashChanged = this.spm.execute(opcode!);
        this.pollLoops.clear();
        this.countdowns.clear();
        // Only an erase or a write moves code: a page-buffer fill (one per word) need not search flash again.
        if (flashChanged) this.findDivision();
      }
      // At the entry of libgcc's division: finish it at once when nothing else can happen meanwhile.
      if (cpu.pc === this.divisionA || cpu.pc === this.divisionB) {
        computed += finishDivision(cpu, queue.nextClockEvent?.cycles ?? Infinity, target);
      }
      // A BRNE back closing a countdown busy-wait: run the passes up to the next clock event at once.
      if ((opcode! & 0xfc07) === 0xf401 && opcode! & 0x200 && this.sleepSkipping && !(cpu.interruptsEnabled && cpu.nextInterrupt >= 0)) {
        const at = pc; // where the branch went: the loop's start, if it was taken
        const from = at - (((opcode! >> 3) & 0x7f) - 0x80) - 1;
        if (from > at && from - at <= 12) {
          let loop = this.countdowns.get(from);
          if (loop === undefined) this.countdowns.set(from, (loop = countdownLoop(cpu, at, from)));
          if (loop && data[1] === 0) skipped += this.fastForward(loop, target);
        }
      }
      // A short RJMP back (1 to 3 words) closing a busy-wait: like sleep, nothing changes until the
      // next clock event, so jump to it.
      // Not when a clock event ran during the last pass: it may have set the flag after the loop read
      // it (UDRE once a byte went out), and skipping would then wait for the event after that (a
      // bootloader's replies went out one byte per host slice).
      if ((opcode! & 0xf000) === 0xc000 && this.sleepSkipping && cpu.pc === pc && cpu.cycles - lastEventAt > POLL_PASS_CYCLES && !(cpu.interruptsEnabled && cpu.nextInterrupt >= 0)) {
        const k = opcode! & 0x800 ? (opcode! & 0xfff) - 0x1000 : opcode! & 0xfff;
        if (k >= -4 && k <= -2) {
          const at = pc - k - 1;
          let poll = this.pollLoops.get(at);
          if (poll === undefined) this.pollLoops.set(at, (poll = isPollLoop(cpu, pc, at)));
          if (poll) {
            const event = queue.nextClockEvent;
            const next = event === null ? target : Math.min(event.cycles, target);
            if (next > cpu.cycles) {
              skipped += next - cpu.cycles;
              cpu.cycles = next;
            }
          }
        }
      }
      // Asleep after SLEEP with SE set, unless an interrupt was taken on this very tick (then the CPU
      // woke at once and is now at the vector).
      if (opcode === OPCODE_SLEEP && this.sleepSkipping && (data[SMCR]! & SMCR_SE) !== 0 && cpu.pc === pc) this.sleeping = true;
    }
    return { executed, skipped, computed };
  }

  /** Runs whole passes of a countdown loop until just before the next clock event (or `target`). */
  private fastForward(loop: Countdown, target: number): number {
    const cpu = this.cpu;
    const data = cpu.data;
    let count = 0;
    for (let i = loop.counter.length - 1; i >= 0; i--) count = count * 256 + data[loop.counter[i]!]!;
    const event = (cpu as unknown as CpuClockQueue).nextClockEvent;
    const until = event === null ? target : Math.min(event.cycles, target);
    const passes = Math.min(count - 1, Math.floor((until - cpu.cycles) / loop.cyclesPerPass));
    if (passes <= 0) return 0;
    count -= passes;
    for (const r of loop.counter) {
      data[r] = count % 256;
      count = Math.floor(count / 256);
    }
    cpu.cycles += passes * loop.cyclesPerPass;
    return passes * loop.cyclesPerPass;
  }
}
