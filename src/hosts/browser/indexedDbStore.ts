/// <reference lib="dom" />
/**
 * The browser host's ExhibitStore (src/platform/exhibitStore.ts): the exhibit's state document in
 * IndexedDB, with the same promise as the Node host's atomic file: `save` resolves only once the
 * transaction has committed with durability 'strict' (flushed to disk, not just to the OS), so a
 * change the page confirmed survives the tab closed at any moment. One transaction writes the new
 * document and keeps the one it replaces as the previous copy, so a document that reads back bad
 * (a browser bug, a hand-edited profile) falls back to the last good one, as `<file>.prev` does on
 * Node. The text stored is exactly the Node host's state file (one JSON line), so "Download the
 * exhibit" hands out the file a Pi would have written.
 */
import { LatestWrites } from '../../platform/latestWrites.js';
import { NbError } from '../../core/errors.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import type { ExhibitStore, Loaded } from '../../platform/exhibitStore.js';

const DB_NAME = 'neuroboard';
const DB_VERSION = 1;
const STATES = 'states';

/** One rig's record: the document's text and the previous copy's. */
interface StateRecord {
  current: string;
  previous: string | null;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens (and on first use creates) the site's database. */
export async function openExhibitDatabase(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(STATES)) open.result.createObjectStore(STATES);
  };
  return request(open);
}

/** Resolves when `tx` has committed; rejects with what aborted it. */
function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new Error('the transaction was aborted'));
    tx.onerror = () => reject(tx.error ?? new Error('the transaction failed'));
  });
}

export class IndexedDbStore<T> implements ExhibitStore<T> {
  readonly where: string;
  private readonly writes = new LatestWrites(
    (text) => this.writeText(text),
    (err) => new NbError('NB_ERR_IO', `cannot save to ${this.where}: ${(err as Error).message ?? String(err)}`, { cause: err }),
  );
  /** The text of the last document written or loaded (what "Download the exhibit" hands out). */
  lastText: string | null = null;

  constructor(
    private readonly db: IDBDatabase,
    private readonly key: string,
    private readonly parse: (data: unknown, source: string) => T,
  ) {
    this.where = `this browser's storage for this site (IndexedDB "${DB_NAME}", ${key})`;
  }

  async load(): Promise<Loaded<T> | null> {
    const tx = this.db.transaction(STATES, 'readonly');
    const record = (await request(tx.objectStore(STATES).get(this.key))) as StateRecord | undefined;
    if (!record) return null;
    const current = this.tryParse(record.current, this.key);
    if (current.ok) {
      this.lastText = record.current;
      return { value: current.value, from: 'current' };
    }
    const previous = record.previous === null ? null : this.tryParse(record.previous, `${this.key} (previous copy)`);
    if (previous?.ok) {
      this.lastText = record.previous;
      return { value: previous.value, from: 'previous', warning: `the saved exhibit is unreadable (${current.error.message}); using the previous copy` };
    }
    throw new NbError(
      'NB_ERR_FILE_CORRUPT',
      `${this.where} holds no usable exhibit (${current.error.message}). Open an exhibit file you downloaded, or clear this site's data in the browser to start again.`,
      { cause: current.error },
    );
  }

  save(value: unknown): Promise<void> {
    return this.saveLatest(() => value);
  }

  /** Saves asked for while one is written share the next write (src/platform/latestWrites.ts). */
  saveLatest(build: () => unknown): Promise<void> {
    return this.writes.request(build);
  }

  /** One transaction writes the document and keeps the previous good one; resolves once committed to disk. */
  private async writeText(text: string): Promise<void> {
    // 'strict': complete fires only once the data is flushed to disk (Chromium's default is 'relaxed').
    const tx = this.db.transaction(STATES, 'readwrite', { durability: 'strict' });
    const done = committed(tx);
    const states = tx.objectStore(STATES);
    const old = (await request(states.get(this.key))) as StateRecord | undefined;
    const keep = old && this.tryParse(old.current, this.key).ok ? old.current : (old?.previous ?? null);
    states.put({ current: text, previous: keep } satisfies StateRecord, this.key);
    await done;
    this.lastText = text;
  }

  private tryParse(text: string, source: string): { ok: true; value: T } | { ok: false; error: Error } {
    try {
      return { ok: true, value: this.parse(parseJsonFile(text, source, 'NB_ERR_FILE_CORRUPT'), source) };
    } catch (err) {
      return { ok: false, error: err as Error };
    }
  }
}
