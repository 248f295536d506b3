/**
 * soak (short): the XOR exhibit on fake boards, SIGKILLed every few seconds and restarted, beside
 * the digits7 exhibit (never killed), both under the whole fault schedule (button mashing, unplugs
 * under pending writes, silent boards, reboots, impostors, line garbage) and the HTTP loops
 * (valid, malformed, oversized, byte-by-byte bodies, slow and churning event streams); then a few
 * seconds of the XOR exhibit on the real firmware in the emulator. No wedge, no lost or corrupt
 * save, no 5xx. The long run is `npm run soak -- --minutes N` (figures in docs/reliability.md).
 */
import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../../bench/soak/bundle.js';
import { laterHalfSlope, pooledSlope } from '../../bench/soak/memory.js';
import { runSoak, type SoakFigures, type SoakOptions } from '../../bench/soak/soak.js';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../src/hosts/node/paths.js';

let childPath = '';
beforeAll(async () => {
  childPath = await bundleChild(join(PACKAGE_ROOT, 'bench', 'soak', 'child.ts'));
});
afterAll(async () => {
  await rm(childPath, { force: true });
});

function options(overrides: Partial<SoakOptions>): SoakOptions {
  return {
    childPath,
    targets: [],
    durationMs: 20_000,
    seed: 7,
    killEveryMs: [3000, 7000],
    sseClients: 10,
    healthBoundMs: 2000,
    statsEveryMs: 1000,
    memoryWarmupMs: 3000,
    progressEveryMs: 60_000,
    log: () => undefined,
    ...overrides,
  };
}

function expectHealthy(f: SoakFigures): void {
  expect(f.wedgeDetails).toEqual([]);
  expect(f.saveDetails).toEqual([]);
  expect(f.fiveXxDetails).toEqual([]);
  expect(f.wedges).toBe(0);
  expect(f.lostOrCorruptSaves).toBe(0);
  expect(f.fiveXx).toBe(0);
  expect(f.saveErrors).toBe(0);
}

describe('soak (short)', () => {
  it('fake boards, 25 s: kills and restarts lose no confirmed example; no wedge, no 5xx under every fault kind', async () => {
    const f = await runSoak(
      options({
        durationMs: 25_000,
        targets: [
          { name: 'xor/fake', rigPath: join(BOARDS_DIR, 'rigs', 'xor.json'), boards: 'fake', kill: true },
          { name: 'digits7/fake', rigPath: join(BOARDS_DIR, 'rigs', 'digits7.json'), boards: 'fake', kill: false },
        ],
      }),
    );
    console.log(`soak fake 25 s: ${JSON.stringify(f)}`);
    expectHealthy(f);
    expect(f.faults.sigkill).toBeGreaterThanOrEqual(2);
    expect(f.restarts).toBe(f.faults.sigkill);
    expect(f.confirmedSaves).toBeGreaterThan(10);
    for (const kind of ['press', 'unplug', 'noise', 'overlong', 'halfLine', 'oldProtocol', 'http malformed', 'http oversized', 'http slow body', 'http SSE churn']) {
      expect(f.faults[kind] ?? 0, kind).toBeGreaterThan(0);
    }
    expect(f.reconnectAfterReplugMs.count).toBeGreaterThan(0);
    expect(f.http.byStatus['200']).toBeGreaterThan(100);
    expect(f.http.byStatus['413']).toBeGreaterThan(0);
    expect(f.eventLoopDelayMs.windows).toBeGreaterThan(10);
  }, 90_000);

  it('emulated boards (the real firmware), 10 s: a kill and restart under button mashing and line garbage; no wedge, no lost save', async () => {
    const f = await runSoak(
      options({
        durationMs: 10_000,
        killEveryMs: [4000, 6000],
        targets: [{ name: 'xor/sim', rigPath: join(BOARDS_DIR, 'rigs', 'xor.json'), boards: 'sim', kill: true }],
      }),
    );
    console.log(`soak sim 10 s: ${JSON.stringify(f)}`);
    expectHealthy(f);
    expect(f.faults.sigkill).toBeGreaterThanOrEqual(1);
    expect(f.faults.press).toBeGreaterThan(0);
  }, 60_000);

  it('a kill just as the soak ends: the stop waits for its restart, then stops it; every kill restarted, no hang', async () => {
    // The kill's timer was set before the soak's end timer, with the same delay: the kill starts first
    // and the stop lands while it waits for the killed process. The stop used to wait for that
    // process's 'exit' (already fired) for ever, and then threw ERR_IPC_CHANNEL_CLOSED.
    const f = await runSoak(
      options({
        durationMs: 2000,
        killEveryMs: [2000, 2000],
        sseClients: 2,
        targets: [{ name: 'xor/fake', rigPath: join(BOARDS_DIR, 'rigs', 'xor.json'), boards: 'fake', kill: true }],
      }),
    );
    expect(f.faults.sigkill).toBe(1);
    expect(f.restarts).toBe(1);
    expectHealthy(f);
  }, 60_000);
});

describe('soak figures', () => {
  it('memory slope: pooled least squares ignores the drop at a restart and finds a steady climb', () => {
    // Two process generations, each climbing 2 MB/h from a different base: the slope is 2, not negative.
    const samples = [0, 1, 2, 3].flatMap((i) => [
      { generation: 0, t: i / 10, heap: 50 + (2 * i) / 10, rss: 100 },
      { generation: 1, t: i / 10, heap: 20 + (2 * i) / 10, rss: 100 },
    ]);
    expect(pooledSlope(samples, (s) => s.heap)).toBeCloseTo(2, 6);
    expect(pooledSlope(samples, (s) => s.rss)).toBeCloseTo(0, 6);
  });

  it('later-half slope: a warm-up that levels off reads as flat there, a steady leak does not', () => {
    const t = Array.from({ length: 21 }, (_, i) => i / 10); // 0 to 2 h
    const warmUp = t.map((h) => ({ generation: 0, t: h, heap: 20 + 3 * Math.min(h, 0.5), rss: 100 }));
    const leak = t.map((h) => ({ generation: 0, t: h, heap: 20 + 3 * h, rss: 100 }));
    expect(pooledSlope(warmUp, (s) => s.heap)).toBeGreaterThan(0.5);
    expect(laterHalfSlope(warmUp, (s) => s.heap)).toBeCloseTo(0, 6);
    expect(laterHalfSlope(leak, (s) => s.heap)).toBeCloseTo(3, 6);
  });
});
