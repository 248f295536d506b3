/**
 * The page of test/browser/siteStore.test.ts: the site's IndexedDB store and Web Lock
 * (src/hosts/browser/indexedDbStore.ts, webLocksDataLock.ts) with a small document parser, each check
 * a function the test calls in the page, answering plain data.
 */
import { NbError } from '../../../src/core/errors.js';
import { IndexedDbStore, openExhibitDatabase } from '../../../src/hosts/browser/indexedDbStore.js';
import { takeWebLock } from '../../../src/hosts/browser/webLocksDataLock.js';

interface Doc {
  format: 'test';
  n: number;
}

function parse(data: unknown, source: string): Doc {
  const doc = data as Partial<Doc> | null;
  if (doc?.format !== 'test' || typeof doc.n !== 'number') throw new NbError('NB_ERR_FILE_CORRUPT', `${source}: not a test document`);
  return doc as Doc;
}

/** A store on a fresh connection, as a reopened tab would have. */
async function store(key: string): Promise<IndexedDbStore<Doc>> {
  return new IndexedDbStore(await openExhibitDatabase(), key, parse);
}

/** Writes a record straight into the database, as a broken browser or a hand edit might leave it. */
async function plant(key: string, current: string, previous: string | null): Promise<void> {
  const db = await openExhibitDatabase();
  await new Promise<void>((resolve, reject) => {
    const tx = db.transaction('states', 'readwrite');
    tx.objectStore('states').put({ current, previous }, key);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

const checks = {
  async saveThenLoad(key: string) {
    const a = await store(key);
    const before = await a.load();
    await a.save({ format: 'test', n: 1 });
    const loaded = await (await store(key)).load();
    return { before, loaded, text: a.lastText };
  },
  async coalesce(key: string) {
    const a = await store(key);
    const writes: number[] = [];
    let n = 0;
    const build = () => {
      writes.push(n);
      return { format: 'test', n };
    };
    const first = a.saveLatest(build);
    n = 1;
    const second = a.saveLatest(build);
    n = 2;
    const third = a.saveLatest(build);
    n = 3; // a change after the last ask, before the write begins
    await Promise.all([first, second, third]);
    return { writes, loaded: await (await store(key)).load() };
  },
  async previousWhenCurrentIsBad(key: string) {
    const a = await store(key);
    await a.save({ format: 'test', n: 1 });
    await a.save({ format: 'test', n: 2 });
    const db = await openExhibitDatabase();
    const record = await new Promise<{ current: string; previous: string }>((resolve) => {
      const g = db.transaction('states').objectStore('states').get(key);
      g.onsuccess = () => resolve(g.result as { current: string; previous: string });
    });
    db.close();
    await plant(key, '{"format":"test","n":', record.current);
    return { kept: record.previous, loaded: await (await store(key)).load() };
  },
  async bothBad(key: string) {
    await plant(key, 'not json', '{"format":"other"}');
    try {
      await (await store(key)).load();
      return { error: null };
    } catch (err) {
      return { error: { code: (err as NbError).code, message: (err as Error).message } };
    }
  },
  async lock(name: string) {
    const held = await takeWebLock(name);
    const whileHeld = await takeWebLock(name, { ifAvailable: true });
    await held!.release();
    await held!.release(); // twice is safe
    const after = await takeWebLock(name, { ifAvailable: true });
    await after?.release();
    return { whileHeld: whileHeld === null, after: after !== null };
  },
};

export type StoreChecks = typeof checks;
(globalThis as unknown as { __storeChecks: StoreChecks }).__storeChecks = checks;
