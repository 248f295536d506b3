/**
 * avr8js counts a timer by scheduling a clock event on every timer tick (every 64 CPU cycles for
 * Arduino's prescaler), even when nothing can happen until the next compare match or overflow. With
 * the CPU asleep, those events are nearly all the work left: three timers × 250,000 events per
 * emulated second. This schedules each timer's next count at the next tick where something can
 * happen instead (a compare match, TOP, BOTTOM, overflow). avr8js's own count() already handles a
 * multi-tick step; landing exactly on those ticks keeps flags, interrupts and compare-output pin
 * edges on the same cycles as tick-by-tick counting (the duty test checks it).
 *
 * Anything that changes where the next event is (OCRx, ICR, TCCRxA/B writes) first brings the
 * counter up to date under the old settings, then lets it reschedule under the new ones.
 */
import type { AVRTimer, CPU } from 'avr8js';

/** The private parts of AVRTimer this relies on (avr8js 0.21). */
interface TimerInternals {
  count: ((reschedule?: boolean, external?: boolean) => void) & { lookahead?: TimerInternals };
  divider: number;
  lastCycle: number;
  updateDivider: boolean;
  tcnt: number;
  tcntUpdated: boolean;
  countingUp: boolean;
  ocrA: number;
  ocrB: number;
  ocrC: number;
  hasOCRC: boolean;
  timerMode: number;
  readonly TOP: number;
  config: { OCRA: number; OCRB: number; OCRC: number; ICR: number; TCCRA: number; TCCRB: number; bits: number };
}

const PWM_PHASE_CORRECT = 1;
const PWM_PHASE_FREQUENCY_CORRECT = 4;

/** Timer ticks from now to the next tick where count() has something to do (≥ 1). */
function ticksToNextEvent(t: TimerInternals): number {
  const { tcnt, TOP } = t;
  let best = Infinity;
  const consider = (d: number): void => {
    if (d > 0 && d < best) best = d;
  };
  const ocrs = t.hasOCRC ? [t.ocrA, t.ocrB, t.ocrC] : [t.ocrA, t.ocrB];
  if (t.timerMode === PWM_PHASE_CORRECT || t.timerMode === PWM_PHASE_FREQUENCY_CORRECT) {
    if (t.countingUp) {
      consider(TOP - tcnt);
      for (const ocr of ocrs) if (ocr > tcnt && ocr <= TOP) consider(ocr - tcnt);
    } else {
      consider(tcnt);
      for (const ocr of ocrs) if (ocr < tcnt) consider(tcnt - ocr);
    }
  } else {
    const wrap = TOP - tcnt + 1;
    consider(wrap);
    for (const ocr of ocrs) {
      if (ocr > TOP) continue;
      consider(ocr > tcnt ? ocr - tcnt : wrap + ocr);
    }
  }
  return best === Infinity ? 1 : best;
}

/** Installs lookahead scheduling for `timers` on `cpu`. Call right after constructing them. */
export function installTimerLookahead(cpu: CPU, timers: AVRTimer[]): void {
  const internals = timers as unknown as TimerInternals[];
  for (const t of internals) t.count.lookahead = t;

  const addClockEvent = cpu.addClockEvent.bind(cpu);
  cpu.addClockEvent = (callback, cycles) => {
    const t = (callback as TimerInternals['count']).lookahead;
    if (t !== undefined && cycles > 0 && !t.updateDivider && t.divider > 0 && !t.tcntUpdated) {
      cycles = t.lastCycle + ticksToNextEvent(t) * t.divider - cpu.cycles;
    }
    return addClockEvent(callback, cycles);
  };

  for (const t of internals) {
    const { OCRA, OCRB, OCRC, ICR, TCCRA, TCCRB, bits } = t.config;
    const registers = [OCRA, OCRB, TCCRA, TCCRB];
    if (t.hasOCRC) registers.push(OCRC);
    if (bits === 16) registers.push(ICR);
    for (const addr of registers) {
      const original = cpu.writeHooks[addr];
      if (!original) continue;
      cpu.writeHooks[addr] = (value, oldValue, a, mask) => {
        const counting = t.divider > 0 && !t.updateDivider && !t.tcntUpdated;
        if (counting) {
          // Catch up under the old settings, without rescheduling...
          cpu.clearClockEvent(t.count);
          t.count(false);
        }
        const handled = original(value, oldValue, a, mask);
        // ...then schedule the next event under the new ones (TCCRB's own hook already re-queued it).
        if (counting && !t.updateDivider) {
          cpu.clearClockEvent(t.count);
          cpu.addClockEvent(t.count, t.lastCycle + t.divider - cpu.cycles);
        }
        return handled;
      };
    }
  }
}
