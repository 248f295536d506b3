/**
 * Scenario time: a wait is never shorter than asked, the followed clock never runs backwards, and a
 * stalled emulator ends a wait with an error instead of passing as if the time had run.
 */
import { describe, expect, it } from 'vitest';
import { EmulatorStalledError, TimeScale, WallLimitError } from '../../src/scenario/timeScale.js';

describe('TimeScale', () => {
  it('sleep lasts at least the scenario ms asked for, even where a Node timer fires early (k = 20, 40 sleeps)', async () => {
    const scale = new TimeScale(20);
    for (let i = 0; i < 40; i++) {
      const ms = 20 + i * 13; // 1 to 27 wall ms: the sizes where a 1 ms early timer shows most
      const before = scale.now();
      await scale.sleep(ms);
      expect(scale.now() - before).toBeGreaterThanOrEqual(ms);
    }
  });

  it('a followed clock that steps back (a board removed from the average) reads as standing still', () => {
    const scale = new TimeScale(8);
    const readings = [100, 250, 180, 260];
    scale.follow(() => readings.shift()!);
    expect([scale.now(), scale.now(), scale.now(), scale.now()]).toEqual([100, 250, 250, 260]);
  });

  it('a wait on an emulated clock that stopped throws a stall error that says what to do', async () => {
    const scale = new TimeScale(1000); // 1 s of scenario time is 1 wall ms: the 5 s stall floor is what ends it
    let t = 0;
    scale.follow(() => (t < 40 ? (t += 10) : t)); // runs 40 ms, then never again
    const started = performance.now();
    const waiting = scale.sleep(1000);
    await expect(waiting).rejects.toBeInstanceOf(EmulatorStalledError);
    await expect(waiting).rejects.toThrow(/ran only 30 of the 1000 ms asked for in 5\.\d s of wall time.*\(--fast\)/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(5000);
  }, 15_000);

  it('past the run\'s wall-time limit every wait fails, saying what to do', async () => {
    // The limit counts from the TimeScale's creation: measure from just before it (a preempted
    // process can lose a ms between two statements, as a loaded CI machine showed: 49.3 ms).
    const started = performance.now();
    const scale = new TimeScale(8, { wallLimitMs: 50 });
    const waiting = scale.until(() => false, 60_000);
    await expect(waiting).rejects.toBeInstanceOf(WallLimitError);
    await expect(waiting).rejects.toThrow(/gave up after 0.05 s of wall time, .* use a lower --speed or a longer --wall-timeout/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    await expect(scale.sleep(1000)).rejects.toBeInstanceOf(WallLimitError);
  });

  it('a sleep begun within the wall-time limit fails when the limit is reached, not when the sleep would end', async () => {
    const scale = new TimeScale(1, { wallLimitMs: 100 });
    const started = performance.now();
    await expect(scale.sleep(5000)).rejects.toBeInstanceOf(WallLimitError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a condition that holds on an emulated clock ends the wait at once', async () => {
    const scale = new TimeScale(8);
    scale.follow(() => 0);
    let calls = 0;
    await expect(scale.until(() => ++calls === 3, 10_000)).resolves.toBe(true);
    expect(calls).toBe(3);
  });
});
