/**
 * A new build of the static site replaces the cached one on the next visit: serve build A, visit
 * (its service worker caches A), serve build B at the same address, visit, and the page is B; with
 * the network gone afterwards, the cache holds B, and A's cache is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, launchSiteBrowser, removeSite, serveBuiltSite, waitForOfflineCopy, type BuiltSite, type SiteBrowser, type SiteServer } from './siteHarness.js';

let a: BuiltSite;
let b: BuiltSite;
let server: SiteServer;
let browser: SiteBrowser;

beforeAll(async () => {
  a = await buildSite('A');
  b = await buildSite('B');
  server = await serveBuiltSite(a.dir);
  browser = await launchSiteBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  removeSite(a);
  removeSite(b);
});

const cacheNames = (page: import('playwright-core').Page) => page.evaluate(() => caches.keys());

describe('the site: updates', () => {
  it('serve build A, visit; serve build B, visit: the page is B, and offline it is B too', async () => {
    expect(a.version).not.toBe(b.version);
    const first = await browser.open(`${server.url}exhibit/`, { ready: '#link[data-state="live"]' });
    expect(await first.page.getAttribute('html', 'data-build')).toBe(a.version);
    await waitForOfflineCopy(first.page, a.version);
    expect(await cacheNames(first.page)).toEqual([`neuroboard-site-${a.version}`]);
    await first.page.close();

    server.setRoot(b.dir);
    const second = await browser.open(`${server.url}exhibit/`, { ready: '#link[data-state="live"]' });
    expect(await second.page.getAttribute('html', 'data-build')).toBe(b.version);
    // B's service worker takes over and drops A's cache.
    await waitForOfflineCopy(second.page, b.version);
    await second.page.close();

    await browser.context.setOffline(true);
    try {
      const offline = await browser.open(`${server.url}exhibit/`, { ready: '#link[data-state="live"]' });
      expect(await offline.page.getAttribute('html', 'data-build')).toBe(b.version);
      expect([...first.errors, ...second.errors, ...offline.errors]).toEqual([]);
    } finally {
      await browser.context.setOffline(false);
    }
  }, 90_000);
});
