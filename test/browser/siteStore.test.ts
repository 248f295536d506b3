/**
 * The site's storage in real Chromium (src/hosts/browser/indexedDbStore.ts, webLocksDataLock.ts):
 * a save is there for a fresh connection once it resolves; saves asked for during a write share the
 * next one with the latest document; a bad document falls back to the previous copy with a warning;
 * both bad is refused saying what to do; the Web Lock refuses a second holder until released.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { bundleForBrowser, openBundledPage, type BundledPage } from './bundledPage.js';
import type { StoreChecks } from './siteStore/storePage.js';

let bundled: BundledPage;

beforeAll(async () => {
  const scripts = await bundleForBrowser({ page: join(PACKAGE_ROOT, 'test/browser/siteStore/storePage.ts') });
  bundled = await openBundledPage({ html: '<!doctype html><title>store</title><script type="module" src="/page.js"></script>', scripts, ready: '() => globalThis.__storeChecks !== undefined' });
}, 60_000);

afterAll(async () => {
  await bundled?.close();
});

function check<K extends keyof StoreChecks>(name: K, arg: string): Promise<Awaited<ReturnType<StoreChecks[K]>>> {
  return bundled.page.evaluate(([n, a]) => (globalThis as unknown as { __storeChecks: Record<string, (a: string) => Promise<unknown>> }).__storeChecks[n]!(a), [name, arg] as const) as never;
}

describe('the site\'s IndexedDB store and Web Lock', () => {
  it('nothing saved loads as null; a save, once resolved, loads from a fresh connection as the current copy, stored as one JSON line', async () => {
    const r = await check('saveThenLoad', 'one');
    expect(r.before).toBeNull();
    expect(r.loaded).toEqual({ value: { format: 'test', n: 1 }, from: 'current' });
    expect(r.text).toBe('{"format":"test","n":1}\n');
  });

  it('saves asked for in one turn share one write, its document built when the write begins (so every change before it is in)', async () => {
    const r = await check('coalesce', 'two');
    expect(r.writes).toEqual([3]);
    expect(r.loaded?.value).toEqual({ format: 'test', n: 3 });
  });

  it('a document that reads back bad gives the previous copy, with a warning', async () => {
    const r = await check('previousWhenCurrentIsBad', 'three');
    expect(JSON.parse(r.kept)).toEqual({ format: 'test', n: 1 });
    expect(r.loaded).toMatchObject({ value: { format: 'test', n: 2 }, from: 'previous' });
    expect(r.loaded?.warning).toMatch(/^the saved exhibit is unreadable \(.+\); using the previous copy$/);
  });

  it('both copies bad: refused, saying to open a downloaded exhibit file or clear the site\'s data', async () => {
    const r = await check('bothBad', 'four');
    expect(r.error?.code).toBe('NB_ERR_FILE_CORRUPT');
    expect(r.error?.message).toMatch(/holds no usable exhibit .*Open an exhibit file you downloaded, or clear this site's data/);
  });

  it('the Web Lock: a second holder is refused while it is held, and gets it once released (release twice is safe)', async () => {
    expect(await check('lock', 'neuroboard-test-lock')).toEqual({ whileHeld: true, after: true });
  });
});
