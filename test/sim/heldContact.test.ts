/** The visitor's button on a simulated board: every move held long enough for the debounce, in order. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../helpers/manualClock.js';
import { HeldContact, MAX_WAITING_MOVES, minHoldMs } from '../../src/sim/heldContact.js';

function contact() {
  const clock = new ManualClock();
  const moves: Array<[number, boolean]> = [];
  const held = new HeldContact(minHoldMs(), { now: () => clock.now(), after: (ms, fn) => void clock.setTimer(fn, ms) }, (down) => moves.push([clock.now(), down]), false, 'board x button 0');
  return { clock, moves, held };
}

describe('HeldContact', () => {
  it('holds each move 30 ms (20 ms debounce + 10 ms margin) before the next; asking for the level it is heading to changes nothing', () => {
    const { clock, moves, held } = contact();
    held.set(true);
    held.set(true);
    held.set(false);
    held.set(true);
    held.set(false);
    expect(held.pending).toBe(3);
    clock.advance(200);
    expect(moves).toEqual([[0, true], [30, false], [60, true], [90, false]]);
    expect(held.pending).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it(`refuses (429 NB_ERR_RATE_LIMITED) beyond ${MAX_WAITING_MOVES} waiting moves instead of queueing minutes of presses`, () => {
    const { held } = contact();
    held.set(true);
    for (let i = 0; i < MAX_WAITING_MOVES; i++) held.set(i % 2 === 0 ? false : true);
    expect(() => held.set(!held.target)).toThrow(expect.objectContaining({ code: 'NB_ERR_RATE_LIMITED', message: expect.stringMatching(/board x button 0 still has 32 presses to play/) }));
  });

  it('force moves the contact at once and drops what was waiting', () => {
    const { clock, moves, held } = contact();
    held.set(true);
    held.set(false);
    held.force(false);
    expect(held.pending).toBe(0);
    clock.advance(100);
    expect(moves).toEqual([[0, true], [0, false]]);
  });
});
