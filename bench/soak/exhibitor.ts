/**
 * One exhibit under the soak: its child process (spawned, SIGKILLed at random, restarted), the HTTP
 * loops that drive it, the health checks that spot a wedge, and the saved-state check after each kill.
 * What it sees goes into the shared Collected figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { exitOf, hasExited } from './childExit.js';
import type { ChildConfig, ChildMessage } from './ipc.js';
import { HttpDriver } from './httpDriver.js';
import type { Sample } from './memory.js';
import type { SoakOptions, SoakTarget } from './options.js';
import { seededRandom, type Random } from './random.js';
import { checkSavedState } from './savedState.js';

export interface Collected {
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

export class Exhibitor {
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
  /** Set when the soak ends: no new kill is started. */
  private noMoreKills = false;
  /** A kill and its restart under way: the stop waits for it, so every kill is followed by its restart. */
  private killing: Promise<void> | null = null;
  /** The child said `ready` (its stop handler is listening): until then a stop message would be lost. */
  private childReady = false;

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
    this.noMoreKills = true;
    if (this.killTimer) clearTimeout(this.killTimer);
    await this.killing;
    this.stopping = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    await this.driver.stop();
    const child = this.child;
    this.url = null;
    // A stop between a kill and its restart finds the killed child: nothing to wait for then.
    if (child && !hasExited(child)) {
      const exited = exitOf(child);
      // The channel is gone if the child is on its way out already: then a kill ends it.
      // A child still starting (a restart under way) has confirmed nothing and listens to no stop yet.
      if (this.childReady && child.connected) child.send({ type: 'stop' }, (err) => err && child.kill('SIGKILL'));
      else child.kill('SIGKILL');
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
    this.childReady = false;
    return new Promise((resolve, reject) => {
      const giveUp = setTimeout(() => reject(new Error(`${this.target.name}: exhibit process not ready within 60 s: ${stderr}`)), 60_000);
      child.on('message', (message: ChildMessage) => {
        switch (message.type) {
          case 'ready':
            this.childReady = true;
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
    this.killTimer = setTimeout(() => {
      this.killTimer = null;
      this.killing = this.killAndRestart().finally(() => (this.killing = null));
    }, this.random.int(min, max));
  }

  private async killAndRestart(): Promise<void> {
    if (this.stopping || this.noMoreKills) return;
    const child = this.child!;
    this.url = null;
    const exited = exitOf(child);
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
      if (this.stopping) return; // stopped while it started: not the exhibit's fault
      // Counted as a wedge: the exhibit is down. A state file that does not load is caught by verifySaved.
      this.figures.wedgeDetails.push(`${this.target.name}: restart failed: ${(err as Error).message.slice(0, 500)}`);
    }
    if (!this.stopping && !this.noMoreKills && this.target.kill) this.scheduleKill();
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
