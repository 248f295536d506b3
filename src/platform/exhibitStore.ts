/**
 * Where an exhibit keeps what it learnt, as the neutral code needs it, whatever the host: a document
 * that loads back whole after a kill or a power cut (the Node host: an atomic JSON file with its
 * previous copy, src/hosts/node/atomicJsonStore.ts; a browser: IndexedDB or OPFS), and a lock that
 * keeps a second exhibit from saving into the same place (Node: a lock file naming the process; a
 * browser: Web Locks).
 */

/** A document as `load` found it. */
export interface Loaded<T> {
  value: T;
  /** Which copy it came from: the document itself, or the kept previous copy because the document was bad. */
  from: 'current' | 'previous';
  /** Why the previous copy was used, for the log. */
  warning?: string;
}

export interface ExhibitStore<T> {
  /** Where the document is, in words a person can find it by (the Node host: the file's absolute path). */
  readonly where: string;
  /** The stored document, the previous copy when it is bad, or null when there is none. Rejects (an NbError) when neither is usable. */
  load(): Promise<Loaded<T> | null>;
  /** Saves `value`; resolves once it is durable (on disk, past a power cut), rejects (NB_ERR_IO) when it could not be saved. */
  save(value: unknown): Promise<void>;
  /**
   * Saves what `build` returns when the write begins, so every change made before the call is in it;
   * saves asked for while one is written share one write. Resolves once that write is durable.
   */
  saveLatest(build: () => unknown): Promise<void>;
}

/** The hold an exhibit has on its store: nobody else saves there until it is released. */
export interface DataLock {
  /** Lets go (safe to call twice). */
  release(): Promise<void>;
}
