/**
 * Builds an exhibit from what a host has read: the rig, its corpus, the state its store loaded, the
 * boards' source. With `resetCorpus` it keeps the saved network but puts the rig's own corpus back,
 * on disk before it resolves, through the exhibit's own save (as a teach is). A host's opener
 * (src/hosts/node/openExhibit.ts) reads the files, takes the lock and picks the source, then calls this.
 */
import { Corpus } from '../core/corpus.js';
import type { DataLock, ExhibitStore } from '../platform/exhibitStore.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { BoardSource } from './boardSource.js';
import { Exhibit } from './exhibit.js';
import type { ExhibitSnapshot } from './exhibitState.js';
import type { LoadedRig } from './rig/load.js';

export interface StoredExhibitOptions {
  loaded: LoadedRig;
  /** The rig's own corpus. */
  corpus: Corpus;
  /** What the store held (null: nothing, or started fresh). */
  saved: ExhibitSnapshot | null;
  store: ExhibitStore<ExhibitSnapshot> | null;
  lock: DataLock | null;
  source: BoardSource;
  scheduler: Scheduler;
  /** Keep the saved network, put the rig's own corpus back (every taught example and lesson goes), saved at once. */
  resetCorpus?: boolean;
}

/** The exhibit, and for a reset the size of the corpus it replaced (null when none was saved). Lets go of the lock when it fails. */
export async function openStoredExhibit(options: StoredExhibitOptions): Promise<{ exhibit: Exhibit; resetFrom: number | null }> {
  const { loaded, corpus, store, lock, source, scheduler } = options;
  let saved = options.saved;
  let resetFrom: number | null = null;
  if (options.resetCorpus && saved) {
    resetFrom = saved.corpus.size;
    // The visitors' lessons went with the examples: nothing is left to forget.
    saved = { ...saved, corpus: new Corpus(corpus.inputSize, corpus.outputSize, corpus.examples), lessons: null };
  }
  try {
    const exhibit = new Exhibit({ rig: loaded.rig, source, scheduler, corpus, saved, store, lock, story: loaded.story });
    if (options.resetCorpus) await exhibit.saved();
    return { exhibit, resetFrom };
  } catch (err) {
    await lock?.release();
    throw err;
  }
}
