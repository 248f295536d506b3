/**
 * The static site (npm run build:web), built by this test and served as static files on
 * http://localhost, in real Chromium: the exhibit runs in a worker of the page with no request to
 * /api/…, a press on the visitor page lights the answer on the emulated boards, "Start again from a
 * random guess" learns XOR again, a second tab mirrors the first and takes over when it closes (from
 * what the first saved in IndexedDB), and after one visit the site loads and runs with the server gone.
 */
import type { Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForOfflineCopy, servedSharedSite } from './siteHarness.js';

const served = servedSharedSite();

const summary = (page: Page) => page.textContent('#network-summary');
const pressA = (page: Page) => page.getByRole('button', { name: 'press input A' });

describe('the site, in one browser', () => {
  let visitor: Page;
  let visitorErrors: string[];
  const apiRequests: string[] = [];

  it('the visitor page runs the exhibit in a worker of the page: its press buttons come alive and nothing asks a server', async () => {
    served.browser.context.on('request', (r) => new URL(r.url()).pathname.startsWith('/api/') && apiRequests.push(r.url()));
    ({ page: visitor, errors: visitorErrors } = await served.browser.open(`${served.server.url}exhibit/`, { ready: '#link[data-state="live"]' }));
    expect(await visitor.getAttribute('html', 'data-site-role')).toBe('owner');
    // The worker the page's first script started is the one that runs the exhibit: no second one.
    expect(visitor.workers()).toHaveLength(1);
    // The emulated boards boot behind their bootloaders, then the buttons are live.
    await visitor.waitForFunction(() => [...document.querySelectorAll('#presses button')].length === 2 && [...document.querySelectorAll('#presses button')].every((b) => !b.hasAttribute('aria-disabled')), undefined, { timeout: 20_000 });
    expect(await visitor.textContent('#title')).toBe('XOR: is exactly one button on?');
    // The Node host's HTTP carrier and token dialog are not shipped: nothing here could ask a server.
    for (const nodeOnly of ['kit/httpClient.js', 'console/js/boot.js', 'console/js/tokenDialog.js', 'exhibit/js/boot.js']) expect(existsSync(join(served.site.dir, nodeOnly)), nodeOnly).toBe(false);
    expect(existsSync(join(served.site.dir, 'kit/workerClient.js'))).toBe(true);
    expect(await summary(visitor)).toMatch(/Inputs: A off, B off/);
  }, 60_000);

  it('a press of input A lights the answer, as the board passes it on (the trained network says yes for A alone)', async () => {
    await visitor.waitForSelector('#tally[data-running="false"]', { timeout: 20_000 });
    await pressA(visitor).click();
    await visitor.waitForFunction(() => /A on, B off.*Answer: yes on/s.test(document.getElementById('network-summary')!.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await pressA(visitor).getAttribute('aria-pressed')).toBe('true');
    await pressA(visitor).click(); // back off, for the next test
    await visitor.waitForFunction(() => /A off, B off.*Answer: yes off/s.test(document.getElementById('network-summary')!.textContent ?? ''), undefined, { timeout: 10_000 });
  }, 30_000);

  let consolePage: Page;
  it('a second tab (the console) follows the first: "Start again from a random guess" on the visitor page, the console sets full speed, and XOR is learnt again', async () => {
    const opened = await served.browser.open(served.server.url, { ready: '#link[data-state="live"]' });
    consolePage = opened.page;
    expect(await consolePage.getAttribute('html', 'data-site-role')).toBe('mirror');
    // A mirror ends the worker its first script started: one exhibit, in the first tab.
    await expect.poll(() => consolePage.workers().length, { timeout: 5_000 }).toBe(0);
    expect(visitor.workers()).toHaveLength(1);
    await consolePage.waitForSelector('#site-role');
    expect(await consolePage.textContent('#site-role')).toMatch(/Another tab runs the exhibit/);
    await visitor.getByRole('button', { name: 'Start again from a random guess' }).click();
    await consolePage.waitForSelector('#train-stop:not([disabled])', { timeout: 10_000 });
    await consolePage.fill('#train-pace', '0');
    await consolePage.dispatchEvent('#train-pace', 'change');
    // Learnt: the run ends on its own with every example right, on both pages.
    await visitor.waitForFunction(() => /gets 4 of 4 examples right/.test(document.getElementById('tally')!.textContent ?? ''), undefined, { timeout: 40_000 });
    await visitor.waitForSelector('#tally[data-running="false"]', { timeout: 40_000 });
    await consolePage.waitForFunction(() => /4\/4|4 of 4/.test(document.getElementById('corpus-score')!.textContent ?? ''), undefined, { timeout: 10_000 });
    // A press on the visitor page lights the answer board's LED: measured on the emulated pin, in the console.
    await pressA(visitor).click();
    await visitor.waitForFunction(() => /Answer: yes on/.test(document.getElementById('network-summary')!.textContent ?? ''), undefined, { timeout: 10_000 });
    await consolePage.waitForFunction(
      () => [...document.querySelectorAll('#boards li')].some((li) => /yes output/.test(li.textContent ?? '') && Number(/measured (\d+)/.exec(li.textContent ?? '')?.[1]) >= 128),
      undefined,
      { timeout: 10_000 },
    );
    await pressA(visitor).click();
    expect(opened.errors).toEqual([]);
  }, 60_000);

  it('when the tab that runs the exhibit closes, the other takes over from what it saved: "Download the exhibit" there gives the same trained network', async () => {
    const saved = await visitor.evaluate(async () => {
      // What the worker saved, read straight from IndexedDB.
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('neuroboard');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const record = await new Promise<{ current: string }>((resolve) => {
        const g = db.transaction('states').objectStore('states').get('rig xor');
        g.onsuccess = () => resolve(g.result as { current: string });
      });
      db.close();
      return record.current;
    });
    expect(visitorErrors).toEqual([]);
    await visitor.close({ runBeforeUnload: true });
    await consolePage.waitForFunction(() => document.documentElement.dataset.siteRole === 'owner', undefined, { timeout: 10_000 });
    await consolePage.waitForSelector('#link[data-state="live"]', { timeout: 20_000 });
    expect(await consolePage.textContent('#site-role')).toMatch(/This tab runs the exhibit/);
    expect(consolePage.workers()).toHaveLength(1);
    const [download] = await Promise.all([consolePage.waitForEvent('download'), consolePage.getByRole('button', { name: 'Download the exhibit' }).click()]);
    expect(download.suggestedFilename()).toBe('xor.state.json');
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const file = JSON.parse(text) as { format: string; rig: string; network: unknown };
    expect(file).toMatchObject({ format: 'neuroboard.state', rig: 'xor' });
    expect(file.network).toEqual((JSON.parse(saved) as { network: unknown }).network);
  }, 40_000);

  it('the board source seam: { type: "boards", kind } swaps where the boards come from in the worker; an unknown kind is refused naming the kinds there are', async () => {
    // As a following tab sends it: over the site's BroadcastChannel, to the tab that runs the worker.
    const replies = await consolePage.evaluate(async () => {
      const channel = new BroadcastChannel('neuroboard-site');
      const seen: { type: string; kind?: string; message?: string; of?: string }[] = [];
      const until = (type: string) =>
        new Promise<void>((resolve) => {
          channel.onmessage = (e) => {
            const m = (e.data as { from: string; message: { type: string } }).message;
            if (m.type === 'failed' || m.type === 'boards') seen.push(m);
            if (m.type === type || m.type === 'failed') resolve();
          };
        });
      const refused = until('failed');
      channel.postMessage({ from: 'mirror', message: { type: 'boards', kind: 'bluetooth' } });
      await refused;
      const swapped = until('boards');
      channel.postMessage({ from: 'mirror', message: { type: 'boards', kind: 'emulated' } });
      await swapped;
      channel.close();
      return seen;
    });
    expect(replies[0]).toMatchObject({ type: 'failed', of: 'boards', message: 'this site has no board source "bluetooth" (it has emulated, webserial)' });
    expect(replies[1]).toEqual({ type: 'boards', kind: 'emulated' });
    // The exhibit was opened again on the (new) source, from what it saved: live, boards online again.
    await consolePage.waitForSelector('#link[data-state="live"]', { timeout: 20_000 });
    await consolePage.waitForFunction(() => document.querySelectorAll('#boards .online, #boards [data-online="true"]').length > 0 || /online/.test(document.getElementById('boards')!.textContent ?? ''), undefined, { timeout: 20_000 });
    expect(await consolePage.getAttribute('#corpus', 'data-size')).toBe('4');
  }, 40_000);

  it('after one visit the site loads and runs with its server gone: the service worker serves this build', async () => {
    await waitForOfflineCopy(consolePage, served.site.version);
    // Not the browser's offline switch: Chromium lets a service worker's own fetches through it.
    await served.server.close();
    const { page, errors } = await served.browser.open(`${served.server.url}exhibit/`, { ready: '#link[data-state="live"]' });
    expect(await page.getAttribute('html', 'data-build')).toBe(served.site.version);
    await page.waitForFunction(() => [...document.querySelectorAll('#presses button')].length === 2, undefined, { timeout: 20_000 });
    expect(errors.filter((e) => !/Failed to update a ServiceWorker|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
    await page.close();
    // Not one request of the whole run went to a neuroboard server.
    expect(apiRequests).toEqual([]);
  }, 40_000);
});
