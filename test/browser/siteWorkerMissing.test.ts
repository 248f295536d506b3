/**
 * A site whose exhibit worker cannot load (a half-copied upload: site/worker.js missing) says so in
 * the console instead of showing "connecting" for ever: the failure comes before the console's
 * modules are there to listen (the page's first script started the worker), so the tab keeps it for
 * the panels that subscribe later (kit/siteTab.js).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfSite, launchSiteBrowser, removeSite, serveBuiltSite, sharedSite, type BuiltSite, type SiteBrowser, type SiteServer } from './siteHarness.js';

let site: BuiltSite;
let server: SiteServer;
let browser: SiteBrowser;

beforeAll(async () => {
  site = copyOfSite(await sharedSite());
  rmSync(join(site.dir, 'worker.js'));
  server = await serveBuiltSite(site.dir);
  browser = await launchSiteBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  removeSite(site);
});

describe('a site without its worker', () => {
  it('the console says the exhibit\'s worker failed, instead of waiting for it', async () => {
    const { page } = await browser.open(server.url);
    await page.waitForSelector('#site-problem:not([hidden])', { timeout: 15_000 });
    expect(await page.textContent('#site-problem')).toMatch(/^the exhibit's worker failed/);
  }, 30_000);
});
