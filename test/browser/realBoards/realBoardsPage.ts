/**
 * The console's real-boards panels ("Connect boards", "Flash a board") on a page of their own, with
 * the exhibit running in the page on a small rig: one input board (a0000001) and one answer board
 * (a0000002), both Unos, learning "the answer is the input". It switches the exhibit between
 * emulated boards and real ones (RealBoards, src/hosts/browser/realBoards.ts) as the site's worker
 * does, here over the fake navigator.serial's boards (test/browser/webSerial/), whose
 * emulated Unos run the real firmware behind optiboot. The exhibit keeps its network in memory across
 * switches, as the site's store keeps it across reloads. What the tests reach: globalThis.__realBoards.
 */
import { Corpus } from '../../../src/core/corpus.js';
import { RealBoards } from '../../../src/hosts/browser/realBoards.js';
import { browserScheduler } from '../../../src/hosts/browser/browserScheduler.js';
import { bundledCatalogue, bundledHexFiles } from '../../../src/hosts/browser/bundledBoards.js';
import { browserSimRegistry } from '../../../src/hosts/browser/simBoards.js';
import { WebSerialPorts } from '../../../src/hosts/browser/webSerialPorts.js';
import type { ExhibitStore } from '../../../src/platform/exhibitStore.js';
import type { BoardSource } from '../../../src/runtime/boardSource.js';
import { Exhibit } from '../../../src/runtime/exhibit.js';
import { parseStateDocument, type ExhibitSnapshot } from '../../../src/runtime/exhibitState.js';
import { profileLimits, validateRig } from '../../../src/runtime/rig/load.js';
import { SimBoardSource } from '../../../src/runtime/sources/simSource.js';
import type { BoardFlashRequest, FlashProgress } from '../../../src/hosts/browser/flashInWorker.js';

const catalogue = bundledCatalogue();
const { rig } = validateRig(
  {
    format: 'neuroboard.rig',
    version: 1,
    name: 'echo',
    title: 'The answer is the input',
    network: { layers: [1, 1], activation: 'sigmoid', threshold: 0.5, seed: 3 },
    corpus: 'echo',
    training: { method: 'backprop', targetLoss: 0.01, trainOnStart: true },
    cascade: { stepDelayMs: 0, fireMs: 50, gamma: 1 },
    buttons: { mode: 'latch' },
    boards: [
      { id: 'a0000001', name: 'input', profile: 'uno', channels: [{ channel: 0, layer: 0, node: 0, label: 'in' }] },
      { id: 'a0000002', name: 'answer', profile: 'uno', channels: [{ channel: 0, layer: 1, node: 0, label: 'out' }] },
    ],
  },
  'the test rig',
  profileLimits(catalogue),
);
const corpus = new Corpus(1, 1, [
  { inputs: [0], targets: [0] },
  { inputs: [1], targets: [1] },
]);

/** The saved document, in memory (the site keeps it in IndexedDB). */
let document_: unknown = null;
const store: ExhibitStore<ExhibitSnapshot> = {
  where: 'memory',
  load: async () => (document_ === null ? null : { value: parseStateDocument(document_, 'memory'), from: 'current' }),
  save: async (value) => {
    document_ = JSON.parse(JSON.stringify(value));
  },
  saveLatest: async (build) => {
    document_ = JSON.parse(JSON.stringify(build()));
  },
};

const serial = (navigator as { serial?: Serial }).serial;
const ports = serial ? new WebSerialPorts(serial, catalogue) : null;
const log: string[] = [];
const real = ports ? new RealBoards(ports, { log: (level, message) => log.push(`${level}: ${message}`) }) : null;

/** The host's switch, as the site's worker does it: stop the exhibit (saved), open it again from the store on the other source. */
let exhibit: Exhibit | null = null;
let using: 'emulated' | 'real' = 'emulated';
let switching: Promise<unknown> = Promise.resolve();
function use(kind: 'emulated' | 'real'): Promise<void> {
  const next = switching.then(async () => {
    // A board chosen while real boards run is found at the next search: reopening would reset every board.
    if (exhibit && kind === using) return;
    await exhibit?.stop();
    exhibit = null;
    real?.released();
    const source: BoardSource = kind === 'real' ? real!.source(rig) : new SimBoardSource(rig, { registry: browserSimRegistry({ mode: 'realtime' }) });
    using = kind;
    const loaded = await store.load();
    exhibit = new Exhibit({ rig, source, scheduler: browserScheduler, corpus, saved: loaded?.value ?? null, store });
    exhibit.on('log', (level, message) => log.push(`${level}: ${message}`));
    exhibit.start();
  });
  switching = next.catch(() => undefined);
  return next;
}

const host = {
  webSerial: ports !== null,
  choosePort: () => ports!.request(),
  grantedPorts: () => ports!.refresh(),
  use,
  report: async () => (using === 'real' && exhibit && real ? real.report(exhibit.state().boards) : null),
  rigBoards: rig.boards.map((b) => ({ id: b.id, name: b.name ?? null })),
  flash: (request: BoardFlashRequest, to: { line: (text: string) => void; progress: (p: FlashProgress) => void }) =>
    real!.flash(request, { files: bundledHexFiles, log: to.line, onProgress: to.progress }),
};

// The panels are the console's own files, served as they are (test/browser/realBoards/panels.js mounts them).
(globalThis as { __boardsHost?: typeof host }).__boardsHost = host;
const ready = localStorage.getItem('neuroboard.boards') === 'real' && ports ? Promise.resolve() : use('emulated');

const checks = {
  ready: () => ready.then(() => true),
  using: () => using,
  /** The rig boards as the exhibit sees them: online, and on which port. */
  boards: () => exhibit?.state().boards.map((b) => ({ id: b.id, online: b.online, path: b.path })) ?? [],
  trained: () => (exhibit ? exhibit.state().corpus.correct === corpus.size && !exhibit.trainingStatus.running : false),
  log: () => [...log],
};
(globalThis as { __realBoards?: typeof checks }).__realBoards = checks;
export type RealBoardsChecks = typeof checks;
