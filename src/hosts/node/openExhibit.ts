/**
 * Opens an exhibit from a rig file on Node: reads and checks the rig and its corpus and story
 * (exhibitFiles.ts), takes the data folder's lock, loads the saved network and corpus from the
 * folder's state file (falling back to the kept copy when the file is bad), picks the boards'
 * source, and hands all of it to the runtime's openStoredExhibit. The CLI, the soak and the benches
 * start exhibits this way; what it warns about is printed by `neuroboard start`.
 */
import { mkdir } from 'node:fs/promises';
import { unreachableTarget } from '../../core/corpus.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import type { ExhibitSnapshot } from '../../runtime/exhibitState.js';
import { openStoredExhibit } from '../../runtime/openStoredExhibit.js';
import { createSource, type BoardMode } from './boardSources.js';
import { lockDataFolder, type DataLock } from './dataLock.js';
import { loadRig, loadRigCorpus } from './exhibitFiles.js';
import { nodeScheduler } from './nodeScheduler.js';
import { DEFAULT_RIG } from './paths.js';
import { exhibitStore } from './stateFile.js';
import type { AtomicJsonStore } from './atomicJsonStore.js';

export type { BoardMode } from './boardSources.js';

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

export { DEFAULT_RIG } from './paths.js';

export async function openExhibit(options: OpenExhibitOptions = {}): Promise<{ exhibit: Exhibit; warnings: string[] }> {
  const log = options.log ?? (() => undefined);
  const loaded = await loadRig(options.rigPath ?? DEFAULT_RIG);
  const { rig } = loaded;
  const warnings = [...loaded.warnings];
  const corpus = await loadRigCorpus(rig, loaded.path);
  let store: AtomicJsonStore<ExhibitSnapshot> | null = null;
  let saved: ExhibitSnapshot | null = null;
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
  const source = createSource(rig, options.mode ?? 'sim', log);
  const { exhibit, resetFrom } = await openStoredExhibit({ loaded, corpus, saved, store, lock, source, scheduler: nodeScheduler, resetCorpus: options.resetCorpus === true });
  if (options.resetCorpus) {
    warnings.push(
      resetFrom === null
        ? `--reset-corpus: the corpus is rig "${rig.name}"'s ${corpus.size} examples (no saved one was read)`
        : `--reset-corpus: the corpus is rig "${rig.name}"'s ${corpus.size} examples again (the saved one had ${resetFrom}); the trained network is kept`,
    );
  }
  return { exhibit, warnings };
}
