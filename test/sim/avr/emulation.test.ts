/**
 * The two shortcuts that make dozens of boards affordable must not change what the firmware does:
 * sleep skipping (jump over the cycles the CPU sleeps) and timer lookahead (count timers from one
 * event to the next). Same firmware, same inputs, with and without: same output, same measured duty.
 */
import { describe, expect, it } from 'vitest';
import { AvrBoard } from '../../../src/sim/avr/avrBoard.js';
import { eepromWithId } from '../../../src/sim/avr/simBoard.js';
import { catalogue, packageHexFiles } from '../../helpers/boards.js';

function session(options: { sleepSkipping: boolean; timerLookahead: boolean }, board = 'uno') {
  // No bootloader: the Mega's stk500v2 runs after power-on too and would take the bytes sent at 20 ms.
  const avr = new AvrBoard({ profile: catalogue.get(board), files: packageHexFiles, eeprom: eepromWithId('12345678', 4), seed: 3, bootloader: false, ...options });
  let out = '';
  avr.uart.onTransmit = (c) => (out += String.fromCharCode(c));
  avr.runFor(20);
  avr.uart.write(Buffer.from('LED 0 100\nLED 1 1\nLED 2 254\nLED 3 37\nPING 9\n'));
  avr.runFor(100);
  const duties = [0, 1, 2, 3].map((ch) => avr.ledDuty(ch));
  avr.press(0);
  avr.runFor(60);
  avr.release(0);
  avr.runFor(60);
  avr.uart.write(Buffer.from('FIRE 1 30\n'));
  avr.runFor(15);
  const firing = avr.ledDuty(1, 10);
  return { out, duties, firing, stats: avr.stats };
}

describe('emulation shortcuts', () => {
  for (const board of ['uno', 'mega']) {
    it(`${board}: sleep skipping and timer lookahead leave the output and the measured PWM duty unchanged`, () => {
      const exact = session({ sleepSkipping: false, timerLookahead: false }, board);
      const fast = session({ sleepSkipping: true, timerLookahead: true }, board);
      expect(exact.out).toMatch(/PONG 9 \d+\n/);
      expect(fast.out.replace(/\d+\n/g, 'N\n')).toBe(exact.out.replace(/\d+\n/g, 'N\n'));
      fast.duties.forEach((d, ch) => expect(Math.abs(d - exact.duties[ch]!), `channel ${ch}`).toBeLessThan(0.005));
      expect(fast.duties[0]).toBeCloseTo(100 / 255, 2);
      expect(fast.firing).toBeGreaterThan(0.99);
      expect(exact.firing).toBeGreaterThan(0.99);
      // Most of an idle board's cycles are slept through.
      expect(fast.stats.skippedCycles / (fast.stats.skippedCycles + fast.stats.executedCycles)).toBeGreaterThan(0.8);
      expect(exact.stats.skippedCycles).toBe(0);
    });
  }

  it('sleep skipping alone (tick-by-tick timers) gives the same duty as executing every cycle', () => {
    const exact = session({ sleepSkipping: false, timerLookahead: false });
    const skip = session({ sleepSkipping: true, timerLookahead: false });
    skip.duties.forEach((d, ch) => expect(Math.abs(d - exact.duties[ch]!)).toBeLessThan(0.005));
  });
});
