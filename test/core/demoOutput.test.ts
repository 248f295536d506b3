/**
 * `neuroboard demo` is there to be watched: it learns at the exhibit's pace, prints the loss so that
 * "never perfect" shows (never 0.0000 while it is not 0), and still ends. Time is a virtual clock
 * handed in, so a 16-second watch takes no wall time here.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo, type DemoClock } from '../../src/cli/demo.js';

/** A clock whose sleeps return at once, moving its time on by what was asked. */
function virtualClock(): DemoClock & { readonly elapsedMs: number; readonly longestSleepMs: number } {
  let now = 0;
  let longest = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += Math.max(0, ms);
      longest = Math.max(longest, ms);
    },
    get elapsedMs() {
      return now;
    },
    get longestSleepMs() {
      return longest;
    },
  };
}

async function demoText(opts: Parameters<typeof runDemo>[1]): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  await runDemo(out, opts);
  return text;
}

/** The number of tries the run took, from its last progress line. */
function triesOf(text: string): number {
  const steps = [...text.matchAll(/^step +(\d+) /gm)].map((m) => Number(m[1]));
  expect(steps.length).toBeGreaterThan(0);
  return steps[steps.length - 1]!;
}

describe('terminal demo (src/cli/demo.ts)', () => {
  it('prints progress lines (no \\r without a TTY), then the cascade and a right answer for all 4 XOR inputs', async () => {
    const text = await demoText({ seed: 3, clock: virtualClock() });
    expect(text).not.toContain('\r');
    expect(text).toMatch(/^step +\d+ {2}loss [\d.e-]+ +right \d of 4 {2}tried \d+ kept \d+/m);
    for (const [a, b, want] of [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]) {
      expect(text).toMatch(new RegExp(`^answer  ${a} XOR ${b} = ${want} {2}\\(`, 'm'));
    }
    expect(text).not.toContain('wanted');
    expect(text.match(/^hidden .*[●○]/gm)).toHaveLength(4);
  });

  it('learns at 20 tries a second by default (the exhibit\'s pace for a run people watch), and says how to go faster', async () => {
    const clock = virtualClock();
    const text = await demoText({ seed: 3, clock });
    const tries = triesOf(text);
    expect(tries).toBeGreaterThan(100); // long enough to be worth watching: seconds, not a blink
    // one try every 50 ms: the run takes as long as its tries at 20 a second
    expect(clock.elapsedMs).toBeGreaterThanOrEqual((tries - 1) * 50);
    expect(clock.elapsedMs).toBeLessThanOrEqual(tries * 50);
    expect(clock.longestSleepMs).toBeLessThanOrEqual(50);
    expect(text).toContain('20 tries a second');
    expect(text).toContain('--pace 0');
  });

  it('prints the loss with significant digits, never 0.0000, and how far from perfect each answer ended (seed 1 ends below 0.00005)', async () => {
    const text = await demoText({ seed: 1, clock: virtualClock() });
    const losses = [...text.matchAll(/^step .* loss (\S+) /gm)].map((m) => m[1]!);
    expect(losses.length).toBeGreaterThan(1);
    for (const shown of losses) {
      expect(shown).not.toMatch(/^0\.0*$/);
      expect(Number(shown)).toBeGreaterThan(0);
    }
    const final = /the loss is (\S+), small but not 0/.exec(text);
    expect(final, text).not.toBeNull();
    expect(Number(final![1])).toBeLessThan(0.005);
    expect(Number(final![1])).toBeGreaterThan(0);
    const offBy = [...text.matchAll(/^answer .*\(off by (\S+)\)$/gm)].map((m) => Number(m[1]));
    expect(offBy).toHaveLength(4);
    for (const gap of offBy) expect(gap).toBeGreaterThan(0);
  });

  it('--pace 0 learns at full speed: it never waits', async () => {
    const clock = virtualClock();
    const text = await demoText({ seed: 3, pace: 0, clock });
    expect(clock.elapsedMs).toBe(0);
    expect(text).toContain('1 XOR 1 = 0');
  });

  it('a slow pace still ends: after a minute of watching it finishes at full speed, and says so', async () => {
    const clock = virtualClock();
    const text = await demoText({ seed: 3, pace: 1, clock });
    expect(clock.elapsedMs).toBeGreaterThanOrEqual(60_000);
    expect(clock.elapsedMs).toBeLessThanOrEqual(61_000);
    expect(text).toMatch(/a minute .*full speed/);
    expect(text).toContain('1 XOR 1 = 0');
  });
});
