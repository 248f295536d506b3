/**
 * The teach-and-kill check of "a 2xx means durable": the real server (`neuroboard start`, bundled
 * once) on fake boards and a temp data folder; several loops teach distinct examples (and now and
 * then replace one) as fast as the API answers; the server is SIGKILLed at a random moment and
 * started again on the same folder, which loads what was saved. Every example a 2xx confirmed must
 * be there, with its confirmed targets (or those of a later teach that was in flight at the kill).
 * The test runs a few rounds (test/integration/teachKill.test.ts); bench/soak/teachKillRun.ts many.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { seededRandom } from './random.js';

export interface TeachKillOptions {
  /** The bundled CLI (bundleChild(src/cli/main.ts)). */
  cliPath: string;
  rounds: number;
  seed: number;
  /** Teach loops running side by side (several requests in flight, as at a busy exhibit). */
  loops: number;
  /** The kill lands this long (ms, uniform) after the server answers its first request. */
  killAfterMs: [number, number];
  log?: (line: string) => void;
}

export interface TeachKillFigures {
  rounds: number;
  /** Teaches answered 2xx, over all rounds. */
  confirmed: number;
  /** Confirmed examples absent (or with other targets) after a restart, over all rounds. */
  missing: number;
  /** Missing per round, for the report. */
  missingPerRound: number[];
}

/**
 * What one input last got: the targets a 2xx confirmed, and the teach whose reply never came (each
 * input belongs to one loop, which waits for each reply, so at most one is in flight).
 */
interface Expected {
  confirmed: number[] | null;
  inFlight: number[] | null;
}

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startServer(cliPath: string, dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [cliPath, 'start', '--fake', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => reject(new Error(`the server exited before it listened:\n${out}`)));
  });
  return { child, url, exited };
}

const key = (inputs: readonly number[]): string => inputs.join(',');

/**
 * Counts the confirmed examples that the saved corpus lacks, then takes what was saved as the new
 * truth (a teach in flight at the kill may or may not have landed; a loss is counted once).
 */
function reconcile(expected: Map<string, Expected>, saved: Map<string, number[]>): number {
  let missing = 0;
  for (const [k, e] of expected) {
    const got = saved.get(k);
    const same = (t: number[] | null): boolean => t !== null && got !== undefined && key(t) === key(got);
    if (e.confirmed && !same(e.confirmed) && !same(e.inFlight)) missing++;
    if (got) expected.set(k, { confirmed: got, inFlight: null });
    else expected.delete(k);
  }
  return missing;
}

async function savedCorpus(dataDir: string): Promise<Map<string, number[]>> {
  const loaded = await exhibitStore(dataDir, 'xor').load();
  const examples = loaded?.value.corpus.examples ?? [];
  return new Map(examples.map((e) => [key(e.inputs), [...e.targets]]));
}

/** One loop: teaches its own inputs until the server dies; replaces an earlier example one time in five. */
async function teachUntilDead(
  url: string,
  loop: number,
  round: number,
  expected: Map<string, Expected>,
  rng: ReturnType<typeof seededRandom>,
  answered: () => void,
): Promise<number> {
  let confirmed = 0;
  const mine: number[][] = [];
  for (let seq = 0; ; seq++) {
    const replace = mine.length > 0 && rng.chance(0.2);
    const inputs = replace ? rng.pick(mine) : [round * 10_000 + seq, loop];
    const entry = expected.get(key(inputs)) ?? { confirmed: null, inFlight: null };
    const targets = [entry.confirmed?.[0] === 1 ? 0 : 1];
    expected.set(key(inputs), entry);
    entry.inFlight = targets;
    let status: number;
    try {
      const res = await fetch(`${url}api/corpus`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs, targets }),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch {
      return confirmed; // the server is gone: this teach stays in flight
    }
    if (status !== 200 && status !== 201) throw new Error(`POST /api/corpus answered ${status}`);
    answered();
    entry.confirmed = targets;
    entry.inFlight = null;
    confirmed++;
    if (!replace) mine.push(inputs);
  }
}

export async function runTeachKill(options: TeachKillOptions): Promise<TeachKillFigures> {
  const log = options.log ?? (() => undefined);
  const rng = seededRandom(options.seed);
  const dataDir = await mkdtemp(join(tmpdir(), 'nb-teach-kill-'));
  const expected = new Map<string, Expected>();
  const missingPerRound: number[] = [];
  let confirmed = 0;
  try {
    for (let round = 0; round < options.rounds; round++) {
      // What the restart is about to load (read before it starts: load() clears temp files, which
      // must never race a running server's save).
      if (round > 0) {
        const missing = reconcile(expected, await savedCorpus(dataDir));
        missingPerRound.push(missing);
        if (missing > 0) log(`kill ${round}: ${missing} confirmed examples missing`);
      }
      const t0 = performance.now();
      const server = await startServer(options.cliPath, dataDir);
      const t1 = performance.now();
      const [lo, hi] = options.killAfterMs;
      let timer: NodeJS.Timeout | undefined;
      // The clock starts at the first answer, so a slow start (a busy machine) cannot eat the window.
      const armKill = (): void => {
        timer ??= setTimeout(() => server.child.kill('SIGKILL'), lo + rng.next() * (hi - lo));
      };
      // A server that never answers is killed anyway (and the round shows 0 confirmed).
      const fallback = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
      const loops = Array.from({ length: options.loops }, (_, loop) => teachUntilDead(server.url, loop, round, expected, rng, armKill));
      const counts = await Promise.all(loops);
      clearTimeout(timer);
      clearTimeout(fallback);
      server.child.kill('SIGKILL');
      await server.exited;
      confirmed += counts.reduce((a, b) => a + b, 0);
      log(`round ${round}: listening after ${Math.round(t1 - t0)} ms, ${counts.join('+')} confirmed in ${Math.round(performance.now() - t1)} ms`);
    }
    missingPerRound.push(reconcile(expected, await savedCorpus(dataDir)));
    return { rounds: options.rounds, confirmed, missing: missingPerRound.reduce((a, b) => a + b, 0), missingPerRound };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
