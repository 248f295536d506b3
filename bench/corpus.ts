/**
 * Corpus figures (issue 18 item 6): how long a state file with 10k, 100k and 200k examples takes to
 * load, a save at 10k and 100k, one teach at 100k (a full corpus at the highest corpusLimit, so the
 * oldest visitor example makes room), and the memory each example costs, held, and taught through
 * a minute of teaching with a save after each. Before
 * the fix, loading compared each example with every one before it: 100k took 54 s (the issue; 156 s
 * measured here on a loaded machine), and one teach at 100k 1.1 s.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { classicCorpus } from '../src/core/corpora.js';
import { Corpus, type Example } from '../src/core/corpus.js';
import { createForwardRunner } from '../src/core/forward.js';
import { createNetwork } from '../src/core/network.js';
import { BOARDS_DIR } from '../src/hosts/node/paths.js';
import { Exhibit } from '../src/runtime/exhibit.js';
import { exhibitStore } from '../src/hosts/node/stateFile.js';
import { stateDocument, type ExhibitSnapshot } from '../src/runtime/exhibitState.js';
import { loadRig } from '../src/hosts/node/exhibitFiles.js';
import { CORPUS_LIMIT_MAX } from '../src/runtime/rig/schema.js';
import type { ResolvedRig } from '../src/runtime/rig/validate.js';
import { FakeBoardSource } from '../src/runtime/sources/fakeSource.js';
import type { ExampleSource } from '../src/runtime/visitorLessons.js';
import { nodeScheduler } from '../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource } from '../src/hosts/node/boardSources.js';

/** Reference figures from before the fix (issue 18), printed beside today's. */
const BEFORE = { load40kS: 5.6, load100kS: 54, load200kS: '> 100', teachAt100kS: 1.1, rssTeach2860MB: [92, 226] } as const;

function gc(): void {
  setFlagsFromString('--expose_gc');
  (runInNewContext('gc') as () => void)();
}

const heapMB = (): number => process.memoryUsage().heapUsed / 2 ** 20;
const rssMB = (): number => process.memoryUsage().rss / 2 ** 20;

/** The i-th visitor example: distinct inputs for every i, as visitors' presses at odd levels give. */
function visitorExample(i: number): Example {
  return { inputs: [Math.floor(i / 1000) / 1000, (i % 1000) / 1000 + 0.0005], targets: [i % 2] };
}

/** Writes an XOR state with the rig's 4 examples and `n - 4` a visitor taught, as an exhibit saves it. */
async function writeState(dir: string, n: number): Promise<void> {
  const examples = [...classicCorpus('xor').examples, ...Array.from({ length: n - 4 }, (_, i) => visitorExample(i))];
  const corpus = new Corpus(2, 1, examples);
  const network = createNetwork({ sizes: [2, 3, 1], seed: 1 });
  const sources = examples.map((_e, i): ExampleSource => (i < 4 ? 'rig' : 'visitor'));
  await writeFile(join(dir, 'xor.state.json'), `${JSON.stringify(stateDocument('xor', network, corpus, { sources, replaced: [], networkBefore: null }), null, 1)}\n`);
}

/** CPU time of this process so far (ms): on a machine shared with other work, wall time says less. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function timedLoad(dir: string): Promise<{ ms: number; cpu: number; snapshot: ExhibitSnapshot }> {
  const started = performance.now();
  const cpu = cpuMs();
  const loaded = await exhibitStore(dir, 'xor').load();
  return { ms: performance.now() - started, cpu: cpuMs() - cpu, snapshot: loaded!.value };
}

function exhibitOn(rig: ResolvedRig, dir: string, saved: ExhibitSnapshot | null): Exhibit {
  return new Exhibit({ scheduler: nodeScheduler, rig, source: nodeFakeSource(rig), corpus: classicCorpus('xor'), saved, store: exhibitStore(dir, 'xor') });
}

/** One whole save as a route awaits it: the document built, serialized, written, fsynced, renamed (wall and CPU ms). */
async function timedSave(exhibit: Exhibit): Promise<{ ms: number; cpu: number }> {
  const started = performance.now();
  const cpu = cpuMs();
  await exhibit.saved();
  return { ms: performance.now() - started, cpu: cpuMs() - cpu };
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const xor = (await loadRig(join(BOARDS_DIR, 'rigs/xor.json'))).rig;
  // No training on start, and none paced: a teach's retraining is stopped right after each one.
  const rig: ResolvedRig = { ...xor, corpusLimit: CORPUS_LIMIT_MAX, training: { ...xor.training, trainOnStart: false } };
  const dir = await mkdtemp(join(tmpdir(), 'nb-bench-corpus-'));
  const out: Record<string, unknown> = {};
  log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (2 cores: above 2, every wall time here stretches)`);
  out['loadAverage'] = loadavg();
  log(`before (issue 18): load 40k ${BEFORE.load40kS} s, 100k ${BEFORE.load100kS} s, 200k ${BEFORE.load200kS} s; one teach at 100k ${BEFORE.teachAt100kS} s; RSS ${BEFORE.rssTeach2860MB.join(' → ')} MB over 2,860 taught`);

  try {
    // Taught one by one for a minute, each answered once its save is on disk, as POST /api/corpus
    // does (the run: 2,860 in 60 s, RSS 92 → 226 MB). First, while the process is fresh, so
    // RSS starts where a starting exhibit's does.
    const taughtDir = join(dir, 'taught');
    await mkdir(taughtDir);
    const taught = exhibitOn({ ...rig, corpusLimit: 10_000 }, taughtDir, null);
    gc();
    const heap0 = heapMB();
    const rss0 = rssMB();
    const started = performance.now();
    let count = 0;
    while (performance.now() - started < 60_000 && count < 10_000) {
      taught.teach(visitorExample(count++));
      await taught.saved();
      if (taught.trainingStatus.running) await taught.stopTraining();
    }
    const seconds = (performance.now() - started) / 1000;
    const rss1 = rssMB();
    gc();
    const taughtB = ((heapMB() - heap0) * 2 ** 20) / count;
    await taught.stop();
    out['taughtIn60s'] = count;
    out['heapPerTaughtBytes'] = taughtB;
    out['rssTaughtMB'] = [rss0, rss1];
    log(`taught for ${seconds.toFixed(0)} s, each saved: ${count} examples; heap held ${taughtB.toFixed(0)} bytes per example; RSS ${rss0.toFixed(0)} → ${rss1.toFixed(0)} MB`);

    gc();
    const heapEmpty = heapMB();
    const heldAt: Record<number, number> = {};
    for (const n of [10_000, 100_000, 200_000]) {
      await writeState(dir, n);
      gc();
      const { ms, cpu, snapshot } = await timedLoad(dir);
      out[`load${n / 1000}kMs`] = ms;
      out[`load${n / 1000}kCpuMs`] = cpu;
      const loadText = `load ${n / 1000}k examples: ${ms.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms)`;
      // 200k is over the highest limit: it loads (nothing is ever lost), but no exhibit runs it here.
      if (n > CORPUS_LIMIT_MAX) {
        log(`${loadText}; over the highest corpusLimit: it loads, and takes nothing new`);
        continue;
      }
      const exhibit = exhibitOn(rig, dir, snapshot);
      const saves = [await timedSave(exhibit), await timedSave(exhibit), await timedSave(exhibit)].sort((a, b) => a.ms - b.ms);
      out[`save${n / 1000}kMs`] = saves[1]!.ms;
      out[`save${n / 1000}kCpuMs`] = saves[1]!.cpu;
      gc();
      heldAt[n] = heapMB() - heapEmpty;
      log(`${loadText}; a save: ${saves[1]!.ms.toFixed(0)} ms (CPU ${saves[1]!.cpu.toFixed(0)} ms; median of 3); heap held ${heldAt[n]!.toFixed(1)} MB`);

      if (n === 100_000) {
        // Full at the highest limit: each teach drops the oldest visitor example first. An example the
        // network already answers right is the teach alone; a wrong one also starts the retraining.
        const runner = createForwardRunner(exhibit.network);
        const right = (inputs: number[]): number => (runner.run(inputs).outputs[0]! >= exhibit.network.layers.at(-1)!.threshold ? 1 : 0);
        const teach: number[] = [];
        const teachRightSaved: number[] = [];
        const teachRightSavedCpu: number[] = [];
        const teachWrong: number[] = [];
        const teachSaved: number[] = [];
        for (let k = 0; k < 5; k++) {
          const inputs = [2 + k, 2];
          let started = performance.now();
          const cpu = cpuMs();
          const result = await exhibit.teach({ inputs, targets: [right(inputs)] });
          teach.push(performance.now() - started);
          await exhibit.saved();
          teachRightSaved.push(performance.now() - started);
          teachRightSavedCpu.push(cpuMs() - cpu);
          if (!result.dropped) throw new Error('the corpus was not full: the teach dropped nothing');
          const wrong = [3 + k, 3];
          started = performance.now();
          await exhibit.teach({ inputs: wrong, targets: [1 - right(wrong)] });
          teachWrong.push(performance.now() - started);
          await exhibit.stopTraining();
          await exhibit.saved();
          teachSaved.push(performance.now() - started);
        }
        const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
        out['teachAt100kMs'] = median(teach);
        out['teachAt100kSavedMs'] = median(teachRightSaved);
        out['teachAt100kSavedCpuMs'] = median(teachRightSavedCpu);
        out['teachAt100kRetrainingMs'] = median(teachWrong);
        out['teachAt100kRetrainingSavedMs'] = median(teachSaved);
        log(
          `one teach at 100k (full: the oldest visitor example makes room), median of 5: ${median(teach).toFixed(1)} ms, ` +
            `with its save ${median(teachRightSaved).toFixed(0)} ms (CPU ${median(teachRightSavedCpu).toFixed(0)} ms; what POST /api/corpus waits for); ` +
            `${median(teachWrong).toFixed(0)} ms when the network gets it wrong and retraining starts (it packs and scores all 100k), ` +
            `with the run's stop and the save ${median(teachSaved).toFixed(0)} ms`,
        );
      }
      await exhibit.stop();
    }
    const perExampleB = ((heldAt[100_000]! - heldAt[10_000]!) * 2 ** 20) / 90_000;
    out['heapPerExampleBytes'] = perExampleB;
    log(`heap per example held (10k → 100k): ${perExampleB.toFixed(0)} bytes`);

  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}
