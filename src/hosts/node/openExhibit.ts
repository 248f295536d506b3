/**
 * Builds a ready-to-start exhibit from a rig file: validates the rig, loads the saved network and
 * corpus (falling back to the kept copy when the file is bad), and picks the boards' source. The CLI,
 * the scenario runner and the soak all start exhibits this way.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { unreachableTarget } from '../../core/corpus.js';
import { BOARDS_DIR } from './paths.js';
import { lockDataFolder, type DataLock } from './dataLock.js';
import { Exhibit, type BoardSource } from '../../runtime/exhibit.js';
import { exhibitStore } from '../../runtime/exhibitState.js';
import { loadRigCorpus } from '../../runtime/rig/corpusSource.js';
import { loadRig } from '../../runtime/rig/load.js';
import type { ResolvedRig } from '../../runtime/rig/validate.js';
import { FakeBoardSource } from '../../runtime/sources/fakeSource.js';
import { HardwareBoardSource } from '../../runtime/sources/hardwareSource.js';
import { SimBoardSource } from '../../runtime/sources/simSource.js';

export type BoardMode = 'sim' | 'fake' | 'hardware';

export interface OpenExhibitOptions {
  /** Rig file; default the XOR example. */
  rigPath?: string;
  mode?: BoardMode;
  /** Where the network and corpus are saved; null keeps nothing on disk. */
  dataDir?: string | null;
  /** Ignore any saved state and start from the rig's first guess (the old file is kept as .prev on the next save). */
  fresh?: boolean;
  /**
   * Keep the saved network but put the rig's own corpus back (every taught example goes). Saved at
   * once, the same way a teach is.
   */
  resetCorpus?: boolean;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export const DEFAULT_RIG = join(BOARDS_DIR, 'rigs', 'xor.json');

export function createSource(rig: ResolvedRig, mode: BoardMode, log: OpenExhibitOptions['log']): BoardSource {
  switch (mode) {
    case 'sim':
      return new SimBoardSource(rig);
    case 'fake':
      return new FakeBoardSource(rig);
    case 'hardware':
      return new HardwareBoardSource({ rig, ...(log ? { log: (l, m) => log(l, m) } : {}) });
  }
}

export async function openExhibit(options: OpenExhibitOptions = {}): Promise<{ exhibit: Exhibit; warnings: string[] }> {
  const log = options.log ?? (() => undefined);
  const loaded = await loadRig(options.rigPath ?? DEFAULT_RIG);
  const { rig } = loaded;
  const warnings = [...loaded.warnings];
  const corpus = await loadRigCorpus(rig, loaded.path);
  let store = null;
  let saved = null;
  let lock: DataLock | null = null;
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    // Before anything is read: a second exhibit on this folder would overwrite the first one's saves.
    lock = await lockDataFolder(options.dataDir);
    try {
      store = exhibitStore(options.dataDir, rig.name);
      if (!options.fresh) {
        const found = await store.load();
        if (found?.warning) warnings.push(found.warning);
        saved = found?.value ?? null;
      }
    } catch (err) {
      await lock.release();
      throw err;
    }
  }
  // A state saved before out-of-reach targets were refused may hold some: say which, and how to fix it.
  if (saved && !options.resetCorpus) {
    const output = saved.network.layers[saved.network.layers.length - 1]!.activation;
    saved.corpus.examples.forEach((example, i) => {
      const found = unreachableTarget(example.targets, output);
      if (found) warnings.push(`saved example ${i}: target ${found.index} ${found.problem} (DELETE /api/corpus/${i}, or start with --reset-corpus)`);
    });
  }
  if (saved && !options.resetCorpus && saved.corpus.size > rig.corpusLimit) {
    warnings.push(
      `the saved corpus has ${saved.corpus.size} examples, more than rig "${rig.name}"'s corpusLimit of ${rig.corpusLimit}: all are kept, ` +
        'but new examples are refused until it is under the limit (remove some, forget the visitors\' examples, or raise "corpusLimit" in the rig)',
    );
  }
  let resetFrom: number | null = null;
  if (options.resetCorpus && saved) {
    resetFrom = saved.corpus.size;
    // The visitors' lessons went with the examples: nothing is left to forget.
    saved = { ...saved, corpus: await loadRigCorpus(rig, loaded.path), lessons: null };
  }
  const source = createSource(rig, options.mode ?? 'sim', log);
  const exhibit = new Exhibit({ rig, source, corpus, saved, store, lock, story: loaded.story });
  if (options.resetCorpus) {
    // On disk at once, through the exhibit's own save path (as a teach is).
    try {
      await exhibit.saved();
    } catch (err) {
      await lock?.release();
      throw err;
    }
    warnings.push(
      resetFrom === null
        ? `--reset-corpus: the corpus is rig "${rig.name}"'s ${corpus.size} examples (no saved one was read)`
        : `--reset-corpus: the corpus is rig "${rig.name}"'s ${corpus.size} examples again (the saved one had ${resetFrom}); the trained network is kept`,
    );
  }
  return { exhibit, warnings };
}
