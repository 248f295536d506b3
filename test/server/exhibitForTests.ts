/**
 * An XOR exhibit on scripted boards for the server tests: no cascade delay, no training on start
 * (each test decides), and helpers that wait on conditions rather than sleeping.
 */
import { join } from 'node:path';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let xorRig: ResolvedRig | null = null;

export async function testRig(overrides: Partial<ResolvedRig> = {}): Promise<ResolvedRig> {
  if (!xorRig) {
    const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
    xorRig = {
      ...loaded.rig,
      cascade: { ...loaded.rig.cascade, stepDelayMs: 0 },
      training: { ...loaded.rig.training, trainOnStart: false },
    };
  }
  return { ...xorRig, ...overrides };
}

export interface TestExhibit {
  exhibit: Exhibit;
  source: ScriptedSource;
}

/** A started XOR exhibit whose boards are open. `kind: 'hardware'` makes presses refuse (409). */
export async function startedExhibit(options: { kind?: 'sim' | 'hardware'; rig?: Partial<ResolvedRig> } = {}): Promise<TestExhibit> {
  const source = new ScriptedSource(options.kind ?? 'sim');
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(options.rig), source, corpus: classicCorpus('xor') });
  exhibit.start();
  await waitFor(() => source.boards.size === 4, 'the four scripted boards to open');
  return { exhibit, source };
}

/** Polls `check` on each turn of the event loop until it is true, or fails naming what it waited for. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
