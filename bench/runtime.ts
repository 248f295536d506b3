/**
 * Runtime figures (issue #5): button press → output LED latency on simulated boards with the cascade
 * step delay at 0, against the wire time of the lines involved; event-loop delay while training;
 * heap after 100k passes (should not grow).
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { classicCorpus } from '../src/core/corpora.js';
import { BOARDS_DIR } from '../src/hosts/node/paths.js';
import { Exhibit, type BoardSource } from '../src/runtime/exhibit.js';
import { loadRigCorpus } from '../src/hosts/node/exhibitFiles.js';
import { loadRig } from '../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../src/runtime/rig/validate.js';
import { FakeBoardSource } from '../src/runtime/sources/fakeSource.js';
import { SimBoardSource } from '../src/runtime/sources/simSource.js';
import { nodeScheduler } from '../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource, nodeSimSource } from '../src/hosts/node/boardSources.js';

const BAUD_BYTE_MS = 10_000 / 115_200; // 8N1: ten bits on the line per byte
const DEBOUNCE_MS = 20;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (predicate()) return true;
    await new Promise((r) => setImmediate(r));
  }
  return false;
}

async function startExhibit(rig: ResolvedRig, source: BoardSource): Promise<Exhibit> {
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: await loadRigCorpus(rig, join(BOARDS_DIR, 'rigs')) });
  exhibit.start();
  await until(() => !exhibit.trainingStatus.running && exhibit.state().boards.every((b) => b.online), 20_000);
  return exhibit;
}

/**
 * Times press → the answer LED lighting (its duty over the last 2 ms crossing half), from a dark
 * answer each time. Only dark → lit is timed: going dark waits out the 150 ms fire pulse by design.
 */
async function pressLatency(rig: ResolvedRig, kind: 'sim' | 'fake', rounds: number) {
  const source = kind === 'sim' ? nodeSimSource(rig) : nodeFakeSource(rig);
  const exhibit = await startExhibit(rig, source);
  const lit = (): boolean =>
    kind === 'sim'
      ? (source as SimBoardSource).devices.get('a0000004')!.avr.ledDuty(0, 2) > 0.5
      : (source.measuredLevel('a0000004', 0) ?? 0) > 128;
  const click = async (): Promise<void> => {
    source.press('a0000001', 0, true);
    await until(() => exhibit.state().boards[0]!.channels[0]!.pressed, 2000);
    source.press('a0000001', 0, false);
    await until(() => !exhibit.state().boards[0]!.channels[0]!.pressed, 2000);
  };
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await until(() => !lit(), 2000); // inputs 0,0: the answer is dark (and any fire pulse is over)
    const started = performance.now();
    source.press('a0000001', 0, true); // inputs 1,0: the answer lights
    samples.push((await until(lit, 2000)) ? performance.now() - started : Number.NaN);
    source.press('a0000001', 0, false);
    await until(() => !exhibit.state().boards[0]!.channels[0]!.pressed, 2000);
    await click(); // back to 0,0
  }
  await exhibit.stop();
  const good = samples.filter(Number.isFinite).sort((a, b) => a - b);
  return { p50: quantile(good, 0.5), p99: quantile(good, 0.99), lost: samples.length - good.length };
}

function gc(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const xor = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
  const rig: ResolvedRig = { ...xor, cascade: { ...xor.cascade, stepDelayMs: 0 } };

  // Lines on the wire for one press: BTN from the input board, then LED (and FIRE) to the answer
  // board and their OK replies. Both directions share nothing, so the longest path counts.
  const wireMs = ['BTN 0 1 123456\n', 'LED 0 213\n', 'OK LED\n'].reduce((ms, line) => ms + line.length * BAUD_BYTE_MS, 0);
  log(`wire time of BTN + LED + OK at 115200 baud: ${wireMs.toFixed(2)} ms; firmware debounce: ${DEBOUNCE_MS} ms`);
  const sim = await pressLatency(rig, 'sim', 30);
  log(`press → answer LED, real firmware in avr8js: p50 ${sim.p50.toFixed(1)} ms, p99 ${sim.p99.toFixed(1)} ms (lost ${sim.lost})`);
  const fake = await pressLatency(rig, 'fake', 30);
  log(`press → answer LED, fake boards:             p50 ${fake.p50.toFixed(1)} ms, p99 ${fake.p99.toFixed(1)} ms (lost ${fake.lost})`);
  const overheadSim = sim.p50 - DEBOUNCE_MS - wireMs;
  log(`sim p50 beyond debounce + wire time: ${overheadSim.toFixed(1)} ms (ratio to wire time ${((sim.p50 - DEBOUNCE_MS) / wireMs).toFixed(2)}x)`);

  // Event-loop delay while the 7-segment rig trains with its boards simulated.
  const digits = (await loadRig(join(BOARDS_DIR, 'rigs/digits7.json'))).rig;
  const digitsSource = nodeFakeSource(digits);
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...digits, training: { ...digits.training, trainOnStart: false } }, source: digitsSource, corpus: classicCorpus('seven-segment') });
  exhibit.start();
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  exhibit.train({ method: 'trial-and-error', targetLoss: 0, epochs: 200_000, fromRandomGuess: true, pace: 0 });
  await new Promise<void>((resolve) => exhibit.on('training', (s) => !s.running && resolve()));
  h.disable();
  const trainingLoop = { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 };
  log(`event-loop delay while training (200k tries, 5 fake boards): p50 ${trainingLoop.p50.toFixed(2)} ms, p99 ${trainingLoop.p99.toFixed(2)} ms, max ${trainingLoop.max.toFixed(2)} ms`);

  // Heap across 100k passes (each a full cascade to the boards): it must not grow.
  const heap: number[] = [];
  let seed = 1;
  for (let i = 1; i <= 100_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    exhibit.setInputs(Array.from({ length: 7 }, (_, k) => (seed >> k) & 1));
    if (i % 1000 === 0) await new Promise((r) => setImmediate(r)); // let the boards' replies drain
    if (i === 10_000 || i === 100_000) {
      await new Promise((r) => setTimeout(r, 50));
      gc();
      heap.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
  }
  await exhibit.stop();
  log(`heap after 10k passes ${heap[0]!.toFixed(1)} MiB, after 100k ${heap[1]!.toFixed(1)} MiB (growth ${(heap[1]! - heap[0]!).toFixed(2)} MiB)`);

  return {
    wireMs,
    debounceMs: DEBOUNCE_MS,
    pressToLedSimP50Ms: sim.p50,
    pressToLedSimP99Ms: sim.p99,
    pressToLedFakeP50Ms: fake.p50,
    pressToLedFakeP99Ms: fake.p99,
    simBeyondDebounceOverWire: (sim.p50 - DEBOUNCE_MS) / wireMs,
    trainingLoopDelayP50Ms: trainingLoop.p50,
    trainingLoopDelayP99Ms: trainingLoop.p99,
    heapAfter10kMiB: heap[0],
    heapAfter100kMiB: heap[1],
  };
}
