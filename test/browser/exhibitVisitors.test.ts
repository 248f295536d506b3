/**
 * The visitor page (/exhibit) in real Chromium at 1920×1080 and 390×844, between visitors: the
 * language goes back to the default when the exhibit goes idle, and connections lit by tries fade.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { testRig } from '../server/exhibitForTests.js';
import { launchVisitorBrowser, serveExhibit, SIZES, type Served, type VisitorBrowser } from './visitorHarness.js';

let browser: VisitorBrowser;
beforeAll(async () => {
  browser = await launchVisitorBrowser();
});
afterEach(async () => browser.closePages());
afterAll(async () => browser?.close());

describe('the language resets when the exhibit goes idle', () => {
  let served: Served;
  beforeAll(async () => {
    // German by default; idle 3 s after the last press; no attract loop, so only the language is at stake
    const rig = await testRig({ language: 'de' });
    served = await serveExhibit({ ...rig, visitors: { ...rig.visitors, idleMs: 3000, attract: false } }, classicCorpus('xor'));
  });
  afterAll(async () => served?.server.close());

  it.each(SIZES)("%s: a visitor's language lasts while they press; idle, the page is back in the rig's language", async (_name, viewport) => {
    await served.exhibit.setInputs([0, 0]);
    const { page, errors } = await browser.open(served.server.url, { viewport });
    await page.waitForSelector('html[lang="de"]');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    await page.getByRole('button', { name: /^press input (A|1)$/ }).click();
    await page.waitForFunction(() => /The network says (YES|NO)\.$/.test(document.getElementById('caption')!.textContent ?? ''));
    expect(served.exhibit.visitors.idle).toBe(false);
    // still English while they are there; German once nobody has pressed for the rig's idle time
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.waitForSelector('html[lang="de"]', { timeout: 10_000 });
    expect(served.exhibit.visitors.idle).toBe(true);
    expect(await page.textContent('#lead')).toMatch(/^Drück einen Knopf/);
    expect(await page.getAttribute('button[data-lang="de"]', 'aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  });

  it("a kiosk URL's ?lang= is the default it goes back to, not the rig's", async () => {
    await served.exhibit.setInputs([0, 0]);
    const { page, errors } = await browser.open(served.server.url, { query: '?lang=fr' });
    await page.waitForSelector('html[lang="fr"]');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    await page.getByRole('button', { name: /^press input (A|1)$/ }).click();
    await page.waitForFunction(() => /The network says (YES|NO)\.$/.test(document.getElementById('caption')!.textContent ?? ''));
    await page.waitForSelector('html[lang="fr"]', { timeout: 10_000 });
    expect(await page.textContent('#lead')).toMatch(/^Appuyez sur un bouton/);
    expect(errors).toEqual([]);
  });
});

describe('connections a try lit', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveExhibit(await testRig({}), classicCorpus('xor'));
  });
  afterAll(async () => served?.server.close());

  it('all fade once tries stop, also when tries came faster than the fade (each try lit other connections)', async () => {
    const { page, errors } = await browser.open(served.server.url);
    const tryOf = (changed: number[], tried: number) => ({ tried, kept: 0, changed, before: 0.3, after: 0.4, outcome: 'undone' as const, loss: 0.3, correct: 2, total: 4 });
    // input A → hidden 1, then input B → hidden 2: two tries within the 600 ms a flash lasts
    served.exhibit.emit('try', tryOf([0], 1));
    served.exhibit.emit('try', tryOf([3], 2));
    await page.waitForFunction(() => Number(document.getElementById('network')!.dataset.flashes) >= 2);
    await page.waitForFunction(() => document.querySelectorAll('#network .flash').length === 0, undefined, { timeout: 5000 });
    expect(errors).toEqual([]);
  });
});
