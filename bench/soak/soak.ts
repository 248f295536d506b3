/**
 * The soak supervisor: starts each exhibit (a rig on simulated boards) in a child process, drives
 * its HTTP API, SIGKILLs it at random moments and restarts it, and checks after every kill that the
 * saved state loads and holds every example a save had confirmed. Collects the figures the child
 * reports and returns them as one object (see SoakFigures); `run.ts` prints it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exhibitStore } from '../../src/runtime/exhibitState.js';
import { loadRig } from '../../src/runtime/rig/load.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { exampleKey, type ChildConfig, type ChildMessage } from './ipc.js';
import { HttpDriver, type HttpFigures } from './httpDriver.js';
import { quantile, seededRandom, type Random } from './random.js';

export interface SoakTarget {
  /** A short name for progress lines, e.g. "xor/sim". */
  name: string;
  rigPath: string;
  boards: 'sim' | 'fake';
  /** SIGKILLed and restarted at random moments; the others run the whole time (memory is judged on those). */
  kill: boolean;
}

export interface SoakOptions {
  /** The built (plain JS) child script: dist/bench/soak/child.js, or an esbuild bundle in tests. */
  childPath: string;
  targets: SoakTarget[];
  durationMs: number;
  seed: number;
  /** Time between SIGKILLs of one exhibit, uniform (ms). */
  killEveryMs: [number, number];
  /** Event-stream clients per churn round (at most). */
  sseClients: number;
  /** A /api/health that takes longer than this is a wedge. */
  healthBoundMs: number;
  statsEveryMs: number;
  /** Memory samples from this long after each (re)start are left out of the slope (warm-up). */
  memoryWarmupMs: number;
  progressEveryMs: number;
  log: (line: string) => void;
}

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

/**
 * Slope limits for "flat", on the exhibits that are never killed (heap measured after a forced GC).
 * Below these a 30-minute fit cannot tell a leak from noise; a real leak of the exhibit's own
 * objects (a listener or a buffer per event) grows far faster under the soak's load.
 */
export const HEAP_LIMIT_MB_PER_HOUR = 1;
export const RSS_LIMIT_MB_PER_HOUR = 10;
export const MEMORY_JUDGED_FROM_MINUTES = 20;

interface Sample {
  generation: number;
  t: number;
  heap: number;
  rss: number;
}

/** Least-squares slope with one intercept per process generation (a restart resets memory). */
export function pooledSlope(samples: readonly Sample[], value: (s: Sample) => number): number {
  const groups = new Map<number, Sample[]>();
  for (const s of samples) groups.set(s.generation, [...(groups.get(s.generation) ?? []), s]);
  let num = 0;
  let den = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const tMean = group.reduce((a, s) => a + s.t, 0) / group.length;
    const yMean = group.reduce((a, s) => a + value(s), 0) / group.length;
    for (const s of group) {
      num += (s.t - tMean) * (value(s) - yMean);
      den += (s.t - tMean) ** 2;
    }
  }
  return den === 0 ? 0 : num / den;
}

/**
 * The check after every kill: the state file must load (from the file itself or its kept copy) and
 * hold every example a save had confirmed before the kill. Returns what is wrong, if anything.
 */
export async function checkSavedState(
  dataDir: string,
  rigName: string,
  confirmed: ReadonlySet<string>,
): Promise<{ problems: string[]; loaded: boolean; from: 'current' | 'previous' | null; strayFiles: number }> {
  // Temp files of saves cut short by a kill (write-file-atomic's `<file>.<hash>`, the store's `.prev.<pid>.tmp`).
  const strayFiles = (await readdir(dataDir).catch(() => [] as string[])).filter((f) => /\.state\.json\.(\d+|prev\.\d+\.tmp)$/.test(f)).length;
  const result = await loadAndCompare(dataDir, rigName, confirmed);
  return { ...result, strayFiles };
}

async function loadAndCompare(
  dataDir: string,
  rigName: string,
  confirmed: ReadonlySet<string>,
): Promise<{ problems: string[]; loaded: boolean; from: 'current' | 'previous' | null }> {
  try {
    const loaded = await exhibitStore(dataDir, rigName).load();
    if (loaded === null) {
      return { problems: confirmed.size > 0 ? [`no state file, but ${confirmed.size} examples were confirmed saved`] : [], loaded: false, from: null };
    }
    const have = new Set(loaded.value.corpus.examples.map((e) => exampleKey(e.inputs)));
    const missing = [...confirmed].filter((k) => !have.has(k));
    const problems = missing.length > 0 ? [`${missing.length} confirmed examples missing (${missing.slice(0, 3).join(' | ')})`] : [];
    return { problems, loaded: true, from: loaded.from };
  } catch (err) {
    return { problems: [`the saved state does not load: ${(err as Error).message.slice(0, 300)}`], loaded: false, from: null };
  }
}

class Exhibitor {
  child: ChildProcess | null = null;
  url: string | null = null;
  generation = 0;
  readonly confirmed = new Set<string>();
  confirmedSaves = 0;
  readonly faultTotals: Array<Record<string, number>> = [];
  quarantineTotals: number[] = [];
  saveErrorTotals: number[] = [];
  corpusSize = 0;
  readonly driver: HttpDriver;
  dataDir = '';
  private killTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(
    readonly target: SoakTarget,
    readonly rig: ResolvedRig,
    private readonly options: SoakOptions,
    private readonly random: Random,
    private readonly figures: Collected,
  ) {
    this.driver = new HttpDriver({ url: () => this.url, rig }, seededRandom(random.int(0, 2 ** 31)), options.sseClients);
  }

  async start(): Promise<void> {
    this.dataDir = await mkdtemp(join(tmpdir(), `nb-soak-${this.rig.name}-`));
    await writeFile(join(this.dataDir, 'rig.resolved.json'), JSON.stringify(this.rig));
    await this.spawn();
    this.driver.start();
    if (this.target.kill) this.scheduleKill();
    this.healthTimer = setInterval(() => void this.checkHealth(), 1000);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    await this.driver.stop();
    const child = this.child;
    this.url = null;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await this.verifySaved('after the final graceful stop');
    await rm(this.dataDir, { recursive: true, force: true });
  }

  private spawn(): Promise<void> {
    const generation = this.generation;
    const config: ChildConfig = {
      rigPath: this.target.rigPath,
      resolvedRigFile: join(this.dataDir, 'rig.resolved.json'),
      boards: this.target.boards,
      dataDir: this.dataDir,
      seed: (this.options.seed * 7919 + generation * 104_729 + this.target.name.length) >>> 0,
      statsEveryMs: this.options.statsEveryMs,
      faults: true,
    };
    const started = Date.now();
    const child = fork(this.options.childPath, [JSON.stringify(config)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: ['--expose-gc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      const giveUp = setTimeout(() => reject(new Error(`${this.target.name}: exhibit process not ready within 60 s: ${stderr}`)), 60_000);
      child.on('message', (message: ChildMessage) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(giveUp);
            this.url = message.url;
            this.figures.restartMs.push(Date.now() - started);
            for (const w of message.warnings) this.figures.saveDetails.push(`${this.target.name} gen ${generation}: ${w}`);
            resolve();
            break;
          case 'saved':
            for (const k of message.keys) this.confirmed.add(k);
            this.confirmedSaves += 1;
            break;
          case 'stats':
            this.onStats(generation, message);
            break;
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(giveUp);
        if (signal !== 'SIGKILL' && !this.stopping) {
          this.figures.wedgeDetails.push(`${this.target.name}: exhibit process exited by itself (code ${code}, signal ${signal}): ${stderr.slice(-500)}`);
        }
        if (this.url !== null && !this.stopping && signal !== 'SIGKILL') {
          this.url = null;
          void this.restart();
        }
        reject(new Error(`${this.target.name}: exhibit process exited before ready (${code ?? signal}): ${stderr}`));
      });
    });
  }

  private onStats(generation: number, s: Extract<ChildMessage, { type: 'stats' }>): void {
    const f = this.figures;
    this.faultTotals[generation] = s.faults.counts;
    this.quarantineTotals[generation] = s.faults.quarantines;
    this.saveErrorTotals[generation] = s.saveErrors;
    this.corpusSize = s.corpusSize;
    f.reconnectMs.push(...s.faults.reconnectMs);
    f.recoveryMs.push(...s.faults.recoveryMs);
    for (const w of s.faults.wedges) f.wedgeDetails.push(`${this.target.name}: ${w}`);
    f.eld.push(s.eld);
    if (!this.target.kill && s.uptimeMs >= this.options.memoryWarmupMs) {
      f.memory.push({ generation: f.generationBase(this) + generation, t: s.uptimeMs / 3_600_000, heap: s.heapUsed / 2 ** 20, rss: s.rss / 2 ** 20 });
    }
  }

  private scheduleKill(): void {
    const [min, max] = this.options.killEveryMs;
    this.killTimer = setTimeout(() => void this.killAndRestart(), this.random.int(min, max));
  }

  private async killAndRestart(): Promise<void> {
    if (this.stopping) return;
    const child = this.child!;
    this.url = null;
    const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
    child.kill('SIGKILL');
    this.figures.kills += 1;
    await exited;
    await this.verifySaved(`after SIGKILL ${this.generation}`);
    await this.restart();
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    this.generation += 1;
    try {
      await this.spawn();
      this.figures.restarts += 1;
    } catch (err) {
      // Counted as a wedge: the exhibit is down. A state file that does not load is caught by verifySaved.
      this.figures.wedgeDetails.push(`${this.target.name}: restart failed: ${(err as Error).message.slice(0, 500)}`);
    }
    if (!this.stopping && this.target.kill) this.scheduleKill();
  }

  private async verifySaved(when: string): Promise<void> {
    const check = await checkSavedState(this.dataDir, this.rig.name, this.confirmed);
    if (check.from === 'previous') this.figures.prevFallbacks += 1;
    if (check.loaded) this.figures.checkedLoads += 1;
    this.figures.strayTempFiles = Math.max(this.figures.strayTempFiles, check.strayFiles);
    for (const problem of check.problems) this.figures.lostOrCorrupt.push(`${this.target.name} ${when}: ${problem}`);
  }

  private async checkHealth(): Promise<void> {
    const url = this.url;
    if (url === null) return;
    const generation = this.generation;
    const started = Date.now();
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(new URL('/api/health', url), { agent: false, timeout: this.options.healthBoundMs }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve(false));
      req.end();
    });
    const elapsed = Date.now() - started;
    this.figures.healthChecks += 1;
    // A check that failed because the process was killed under it is not a wedge.
    if (this.url === null || this.generation !== generation) return;
    if (!ok || elapsed > this.options.healthBoundMs) {
      this.figures.wedgeDetails.push(`${this.target.name}: /api/health ${ok ? `took ${elapsed} ms` : `failed after ${elapsed} ms`}`);
    }
  }
}

interface Collected {
  restartMs: number[];
  reconnectMs: number[];
  recoveryMs: number[];
  wedgeDetails: string[];
  lostOrCorrupt: string[];
  saveDetails: string[];
  prevFallbacks: number;
  checkedLoads: number;
  strayTempFiles: number;
  eld: Array<{ p50: number; p99: number; max: number }>;
  memory: Sample[];
  kills: number;
  restarts: number;
  healthChecks: number;
  generationBase: (e: Exhibitor) => number;
}

function spread(values: number[]): { p50: number; p99: number; max: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}

const round = (x: number, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null) as number;

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const random = seededRandom(options.seed);
  const exhibitors: Exhibitor[] = [];
  const collected: Collected = {
    restartMs: [],
    reconnectMs: [],
    recoveryMs: [],
    wedgeDetails: [],
    lostOrCorrupt: [],
    saveDetails: [],
    prevFallbacks: 0,
    checkedLoads: 0,
    strayTempFiles: 0,
    eld: [],
    memory: [],
    kills: 0,
    restarts: 0,
    healthChecks: 0,
    generationBase: (e) => exhibitors.indexOf(e) * 1_000_000,
  };
  for (const target of options.targets) {
    const { rig } = await loadRig(target.rigPath);
    exhibitors.push(new Exhibitor(target, rig, options, seededRandom(random.int(0, 2 ** 31)), collected));
  }
  const started = Date.now();
  await Promise.all(exhibitors.map((e) => e.start()));
  const summary = () => figures(options, exhibitors, collected, Date.now() - started);

  let shownWedges = 0;
  let shownSaves = 0;
  const progress = setInterval(() => {
    // Each new wedge or save problem is printed once, as it happens, with its details.
    for (const w of collected.wedgeDetails.slice(shownWedges)) options.log(`[soak] WEDGE ${w}`);
    for (const s of collected.lostOrCorrupt.slice(shownSaves)) options.log(`[soak] SAVE ${s}`);
    shownWedges = collected.wedgeDetails.length;
    shownSaves = collected.lostOrCorrupt.length;
    const f = summary();
    const faultCount = Object.values(f.faults).reduce((a, b) => a + b, 0);
    options.log(
      `[soak ${(f.runtimeS / 60).toFixed(1)}/${(options.durationMs / 60_000).toFixed(1)} min] faults ${faultCount} ` +
        `(kills ${f.faults.sigkill ?? 0}) requests ${f.http.requests} 5xx ${f.fiveXx} wedges ${f.wedges} lost/corrupt ${f.lostOrCorruptSaves} ` +
        `eld p99 ${f.eventLoopDelayMs.p99} ms reconnect p50 ${f.reconnectAfterReplugMs.p50} ms heap ${collected.memory.at(-1)?.heap.toFixed(1) ?? '?'} MB`,
    );
  }, options.progressEveryMs);

  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  clearInterval(progress);
  await Promise.all(exhibitors.map((e) => e.stop()));
  return summary();
}

function figures(options: SoakOptions, exhibitors: Exhibitor[], c: Collected, elapsedMs: number): SoakFigures {
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
