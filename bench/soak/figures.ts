/** Turns what the soak collected into SoakFigures: the one JSON object its last line prints. */
import type { Collected, Exhibitor } from './exhibitor.js';
import type { HttpFigures } from './httpDriver.js';
import { HEAP_LIMIT_MB_PER_HOUR, laterHalfSlope, MEMORY_JUDGED_FROM_MINUTES, pooledSlope, RSS_LIMIT_MB_PER_HOUR } from './memory.js';
import type { SoakOptions } from './options.js';
import { quantile } from './random.js';

export interface SoakFigures {
  runtimeS: number;
  seed: number;
  targets: string[];
  faults: Record<string, number>;
  wedges: number;
  wedgeDetails: string[];
  lostOrCorruptSaves: number;
  saveDetails: string[];
  /** Loads that had to fall back to the .prev copy (not lost, but worth knowing). */
  prevFallbacks: number;
  /** Most temp files of killed saves seen in one data directory (nothing removes them). */
  strayTempFiles: number;
  confirmedSaves: number;
  restarts: number;
  restartToReadyMsP50: number;
  fiveXx: number;
  fiveXxDetails: HttpFigures['fiveXx'];
  http: Omit<HttpFigures, 'fiveXx' | 'kinds'>;
  eventLoopDelayMs: { p50: number; p99: number; max: number; windows: number };
  memory: {
    heapSlopeMBPerHour: number;
    rssSlopeMBPerHour: number;
    /** The same slopes over the later half of the run (not judged: they say whether growth levels off). */
    laterHalfHeapSlopeMBPerHour: number;
    laterHalfRssSlopeMBPerHour: number;
    heapLimitMBPerHour: number;
    rssLimitMBPerHour: number;
    /** The slope is only judged on runs at least this long (shorter fits are mostly GC noise). */
    judgedFromMinutes: number;
    flat: boolean | null;
    samples: number;
  };
  reconnectAfterReplugMs: { p50: number; p99: number; max: number; count: number };
  recoveryAfterOtherFaultsMs: { p50: number; p99: number; max: number; count: number };
  quarantines: number;
  saveErrors: number;
  /** Examples in each exhibit's corpus at its last report (bounded by the inputs the soak teaches). */
  corpusSizes: Record<string, number>;
  ok: boolean;
}


function spread(values: number[]): { p50: number; p99: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}

const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null) as number;

export function figures(options: SoakOptions, exhibitors: Exhibitor[], c: Collected, elapsedMs: number): SoakFigures {
  const faults: Record<string, number> = {};
  let quarantines = 0;
  let saveErrors = 0;
  for (const e of exhibitors) {
    for (const counts of e.faultTotals) for (const [k, v] of Object.entries(counts ?? {})) faults[k] = (faults[k] ?? 0) + v;
    for (const [k, v] of Object.entries(e.driver.figures.kinds)) faults[`http ${k}`] = (faults[`http ${k}`] ?? 0) + v;
    quarantines += e.quarantineTotals.reduce((a, b) => a + (b ?? 0), 0);
    saveErrors += e.saveErrorTotals.reduce((a, b) => a + (b ?? 0), 0);
  }
  faults.sigkill = c.kills;
  const http = exhibitors.map((e) => e.driver.figures);
  const sum = (pick: (h: HttpFigures) => number) => http.reduce((a, h) => a + pick(h), 0);
  const byStatus: Record<string, number> = {};
  for (const h of http) for (const [k, v] of Object.entries(h.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
  const fiveXxDetails = http.flatMap((h) => h.fiveXx);

  const eldP50 = c.eld.map((w) => w.p50).sort((a, b) => a - b);
  const eldP99 = c.eld.map((w) => w.p99).sort((a, b) => a - b);
  const heapSlope = pooledSlope(c.memory, (s) => s.heap);
  const rssSlope = pooledSlope(c.memory, (s) => s.rss);
  const judged = elapsedMs >= MEMORY_JUDGED_FROM_MINUTES * 60_000;
  const flat = judged ? heapSlope <= HEAP_LIMIT_MB_PER_HOUR && rssSlope <= RSS_LIMIT_MB_PER_HOUR : null;
  const restart = spread(c.restartMs.slice(exhibitors.length));
  const result: SoakFigures = {
    runtimeS: round(elapsedMs / 1000, 1),
    seed: options.seed,
    targets: options.targets.map((t) => t.name),
    faults,
    wedges: c.wedgeDetails.length,
    wedgeDetails: c.wedgeDetails.slice(0, 20),
    lostOrCorruptSaves: c.lostOrCorrupt.length,
    saveDetails: [...c.lostOrCorrupt, ...c.saveDetails].slice(0, 20),
    prevFallbacks: c.prevFallbacks,
    strayTempFiles: c.strayTempFiles,
    confirmedSaves: exhibitors.reduce((a, e) => a + e.confirmedSaves, 0),
    restarts: c.restarts,
    restartToReadyMsP50: round(restart.p50, 0),
    fiveXx: fiveXxDetails.length,
    fiveXxDetails: fiveXxDetails.slice(0, 10),
    http: {
      requests: sum((h) => h.requests),
      byStatus,
      connectionErrors: sum((h) => h.connectionErrors),
      oversizedCutOff: sum((h) => h.oversizedCutOff),
      slowBodies: sum((h) => h.slowBodies),
      slowSseReaders: sum((h) => h.slowSseReaders),
      slowSseDropped: sum((h) => h.slowSseDropped),
      sseConnects: sum((h) => h.sseConnects),
    },
    eventLoopDelayMs: { p50: round(quantile(eldP50, 0.5)), p99: round(quantile(eldP99, 0.5)), max: round(Math.max(0, ...c.eld.map((w) => w.max))), windows: c.eld.length },
    memory: {
      heapSlopeMBPerHour: round(heapSlope, 3),
      rssSlopeMBPerHour: round(rssSlope, 3),
      laterHalfHeapSlopeMBPerHour: round(laterHalfSlope(c.memory, (s) => s.heap), 3),
      laterHalfRssSlopeMBPerHour: round(laterHalfSlope(c.memory, (s) => s.rss), 3),
      heapLimitMBPerHour: HEAP_LIMIT_MB_PER_HOUR,
      rssLimitMBPerHour: RSS_LIMIT_MB_PER_HOUR,
      judgedFromMinutes: MEMORY_JUDGED_FROM_MINUTES,
      flat,
      samples: c.memory.length,
    },
    reconnectAfterReplugMs: roundSpread(spread(c.reconnectMs)),
    recoveryAfterOtherFaultsMs: roundSpread(spread(c.recoveryMs)),
    quarantines,
    saveErrors,
    corpusSizes: Object.fromEntries(exhibitors.map((e) => [e.target.name, e.corpusSize])),
    ok: false,
  };
  result.ok = result.wedges === 0 && result.lostOrCorruptSaves === 0 && result.fiveXx === 0 && flat !== false;
  return result;
}

function roundSpread(s: { p50: number; p99: number; max: number; count: number }) {
  return { p50: round(s.p50, 0), p99: round(s.p99, 0), max: round(s.max, 0), count: s.count };
}
