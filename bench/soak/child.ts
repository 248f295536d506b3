/**
 * The exhibit process the soak supervises (and SIGKILLs): a rig on simulated boards, its saved
 * state, the HTTP server on 127.0.0.1, and the in-process half of the fault schedule. It reports
 * over IPC: `ready` (the URL), `saved` (the example keys of every save the store confirmed, so the
 * parent knows what must survive a kill) and `stats` (event-loop delay, memory, faults, wedges).
 * Configuration comes as JSON in argv[2] (see ChildConfig).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { mkdir, readFile } from 'node:fs/promises';
import { Exhibit, type BoardSource } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { type StateDocument } from '../../src/runtime/exhibitState.js';
import { loadRigCorpus } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import { SimBoardSource } from '../../src/runtime/sources/simSource.js';
import { startServer } from '../../src/server/listen.js';
import { DEFAULT_MAX_STREAMS } from '../../src/server/streamCaps.js';
import { fakeDevice, simDevice, type SoakDevice } from './devices.js';
import { FaultInjector, NORMAL_TIMINGS } from './faults.js';
import { exampleKey, type ChildConfig, type ChildMessage } from './ipc.js';
import { seededRandom } from './random.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource, nodeSimSource } from '../../src/hosts/node/boardSources.js';

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const random = seededRandom(config.seed);
  // The rig as the soak resolved it at its start: a rig file being edited meanwhile cannot stop a restart.
  const rig = JSON.parse(await readFile(config.resolvedRigFile, 'utf8')) as ResolvedRig;
  const rigPath = config.rigPath;
  await mkdir(config.dataDir, { recursive: true });
  const store = exhibitStore(config.dataDir, rig.name);
  const found = await store.load();

  // Every save the store confirms is reported with the examples it held: those must survive a kill.
  // The exhibit's document is built when its write begins, so the keys are read from what is built
  // (requests that share one write report it once, through the last of them).
  let saveErrors = 0;
  const saveLatest = store.saveLatest.bind(store);
  store.saveLatest = (build: () => unknown) => {
    let keys: string[] = [];
    const written = saveLatest(() => {
      const value = build();
      keys = (value as StateDocument).corpus.examples.map((e) => exampleKey(e.inputs));
      return value;
    });
    written.then(
      () => send({ type: 'saved', keys }),
      () => {
        saveErrors += 1;
      },
    );
    return written;
  };

  const devices = new Map<string, SoakDevice>();
  let source: BoardSource;
  if (config.boards === 'sim') {
    const sim = nodeSimSource(rig);
    for (const [id, board] of sim.devices) devices.set(id, simDevice(id, board));
    source = sim;
  } else {
    const fake = nodeFakeSource(rig);
    for (const [id, board] of fake.devices) devices.set(id, fakeDevice(board));
    source = fake;
  }
  const exhibit = new Exhibit({
    scheduler: nodeScheduler,
    rig,
    source,
    corpus: await loadRigCorpus(rig, rigPath),
    saved: found?.value ?? null,
    store,
  });
  // Every soak client comes from loopback but stands for a visitor's phone: one address may hold as many streams as all.
  const server = await startServer({ exhibit, host: '127.0.0.1', port: 0, handleSignals: false, logger: false, events: { maxStreamsPerAddress: DEFAULT_MAX_STREAMS } });

  const faults = new FaultInjector(exhibit, rig, devices, random, NORMAL_TIMINGS, config.boards === 'sim' ? 24 : 2);
  if (config.faults) faults.start();

  // Saves all the time, besides the exhibit's own (teach, training progress, training done).
  const saveLoop = async (): Promise<void> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, random.int(200, 2000)));
      await exhibit.save();
    }
  };
  void saveLoop();

  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const started = Date.now();
  setInterval(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    send({
      type: 'stats',
      uptimeMs: Date.now() - started,
      heapUsed: memory.heapUsed,
      rss: memory.rss,
      eld: { p50: eld.percentile(50) / 1e6, p99: eld.percentile(99) / 1e6, max: eld.max / 1e6 },
      faults: faults.drain(),
      saveErrors,
      corpusSize: exhibit.corpus.size,
    });
    eld.reset();
  }, config.statsEveryMs);

  // The soak that owns this process is gone: do not linger as an orphan.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: { type?: string; path?: string }) => {
    // Diagnostics: a heap snapshot on request, to see what grows when the memory slope is not flat.
    if (message?.type === 'heap-snapshot' && message.path) {
      (globalThis as { gc?: () => void }).gc?.();
      writeHeapSnapshot(message.path);
      process.send?.({ type: 'heap-snapshot', path: message.path });
      return;
    }
    if (message?.type !== 'stop') return;
    void (async () => {
      await faults.stop();
      await server.close();
      process.exit(0);
    })();
  });

  send({
    type: 'ready',
    url: server.url,
    rig: rig.name,
    loadedExamples: found?.value.corpus.size ?? -1,
    warnings: found?.warning ? [found.warning] : [],
  });
}

await main();
