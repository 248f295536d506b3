/**
 * `neuroboard test` ends by itself (issue 18, item 11): three scenarios waiting an hour of virtual
 * time each used to run on for as long as CI let them. The whole run now has a wall-time limit,
 * --timeout, 10 minutes unless told (and printed in --help); when it runs out, the scenario then
 * running fails saying which step and what to do, the later ones are reported as not run, the JUnit
 * report is still written and the exit code is 1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RUN_TIMEOUT, registerTest } from '../../src/cli/commands/test.js';
import { durationText, parseDuration } from '../../src/scenario/timeScale.js';
import { scenarioDir, xor } from './scenarioFiles.js';

const files = scenarioDir();
afterAll(() => files.remove());
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

function program(): Command {
  const p = new Command().exitOverride();
  registerTest(p);
  return p;
}

async function cli(args: string[]): Promise<{ exitCode: number | undefined; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await program().parseAsync(['node', 'neuroboard', 'test', ...args]);
  return { exitCode: process.exitCode as number | undefined, out: out.replace(/\x1b\[[0-9;]*m/g, '') };
}

describe('neuroboard test --timeout', () => {
  it('an hour-long wait under --timeout 3s: that step fails saying so, the next scenario is not run, the JUnit report is written, exit 1', { timeout: 30_000 }, async () => {
    // untrained: no training before step 1, so the fake boards are ready well inside the 3 s.
    const hour = files.write(xor([{ wait: { ms: 3_600_000 } }, { click: { board: 'a0000001' } }], { start: 'untrained', name: 'an hour of waiting' }), 'hour.json');
    const after = files.write(xor([{ click: { board: 'a0000001' } }], { start: 'untrained', name: 'the one after' }), 'after.json');
    const report = join(files.dir, 'timeout.xml');
    const started = performance.now();
    const run = await cli([hour, after, '--fast', '--timeout', '3s', '--reporter', 'junit', '--output', report]);
    expect(performance.now() - started).toBeLessThan(15_000);

    expect(run.exitCode).toBe(1);
    expect(run.out).toMatch(
      /✗ 1\. wait 3600000 ms .*\n\s+gave up in step 1 \(wait 3600000 ms\) after \d+\.\d s of wall time in it: the run's time limit ran out \(--timeout 3s of wall time for all the scenarios together\), \d+\.\d s into the scenario: raise it \(--timeout 6s\) or lift it \(--timeout 0\)/,
    );
    expect(run.out).toMatch(/- 2\. click board a0000001.*\(skipped\)/);
    expect(run.out).toMatch(/the one after .*: not run: the run's time limit \(--timeout 3s\) ran out before its turn/);
    expect(run.out).toMatch(/0\/2 scenarios passed; 1 not run: the run's time limit \(--timeout 3s\) ran out/);

    const xml = readFileSync(report, 'utf8');
    expect(xml).toMatch(/<testsuite name="an hour of waiting" tests="3" failures="1" errors="0" skipped="1"/);
    expect(xml).toMatch(/<failure message="gave up in step 1 \(wait 3600000 ms\)[^"]*--timeout 3s/);
    expect(xml).toMatch(/<testsuite name="the one after" tests="1" failures="0" errors="0" skipped="1"[\s\S]*<skipped message="the run&apos;s time limit \(--timeout 3s\) ran out before its turn/);
  });

  it(`defaults to ${DEFAULT_RUN_TIMEOUT}, and --help says so`, () => {
    expect(DEFAULT_RUN_TIMEOUT).toBe('10m');
    const help = program().commands.find((c) => c.name() === 'test')!.helpInformation();
    expect(help).toMatch(/--timeout <duration>[\s\S]*0 for no limit[\s\S]*\(default: "10m"\)/);
  });

  it('refuses a timeout that is not a duration (exit 64), naming the forms it takes', async () => {
    const err = await cli([files.write(xor([{ click: { board: 'a0000001' } }])), '--fast', '--timeout', 'soon']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT', exitCode: 64, field: 'timeout' });
    expect((err as Error).message).toContain('--timeout must be a duration such as 90s, 10m or 1h (a plain number is seconds; 0 for no limit), not "soon"');
  });

  it('reads durations as people type them, and writes them back the same way', () => {
    expect([parseDuration('90s'), parseDuration('10m'), parseDuration('1.5h'), parseDuration('250ms'), parseDuration('120'), parseDuration('0')]).toEqual([
      90_000, 600_000, 5_400_000, 250, 120_000, 0,
    ]);
    expect([parseDuration('soon'), parseDuration('-5s'), parseDuration('10 minutes'), parseDuration('')]).toEqual([null, null, null, null]);
    expect([durationText(600_000), durationText(90_000), durationText(7_200_000), durationText(1500)]).toEqual(['10m', '90s', '2h', '1500ms']);
  });
});
