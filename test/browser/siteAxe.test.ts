/**
 * The static site's two pages are accessible as the Node host's are: axe-core finds nothing serious
 * or critical on the console (with the site's own panel) and the visitor page, at 1920x1080 and
 * 390x844, light and dark; the accessible names are the Node host's ("press input A", "Start again
 * from a random guess"); the visitor page links nowhere near the console. Screenshots of each are
 * written to $NB_SITE_SHOTS when it is set, to look at.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREEN, axeProblems, servedSharedSite } from './siteHarness.js';

const served = servedSharedSite();

beforeAll(async () => {
  // One tab runs the exhibit throughout, so each page checked below is ready as soon as it is drawn.
  await served.browser.open(`${served.server.url}exhibit/`, { ready: '#link[data-state="live"]' });
}, 60_000);

const SIZES = [
  ['screen', SCREEN],
  ['phone', PHONE],
] as const;

describe('the site: accessibility', () => {
  it.each(SIZES)('visitor page, %s, light and dark: axe-core clean, the Node host\'s names, no way to the console', async (name, viewport) => {
    const { page, errors } = await served.browser.open(`${served.server.url}exhibit/`, { viewport, ready: '#link[data-state="live"]' });
    await page.waitForSelector('#presses button', { timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'press input A' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Start again from a random guess' }).count()).toBe(1);
    const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.filter((href) => !href.includes('/exhibit'))).toEqual([]);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      if (process.env.NB_SITE_SHOTS) await page.screenshot({ path: join(process.env.NB_SITE_SHOTS, `site-exhibit-${name}-${colorScheme}.png`) });
      expect(await axeProblems(page), colorScheme).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 40_000);

  it.each(SIZES)('console, %s, light and dark: axe-core clean with the site panel', async (name, viewport) => {
    const { page, errors } = await served.browser.open(served.server.url, { viewport, ready: '#link[data-state="live"]' });
    await page.waitForSelector('#site-status:not(:empty)', { timeout: 20_000 });
    // a title that ends in its own question mark gets no full stop after it
    expect(await page.textContent('#site-status')).toBe('Running rig "xor": XOR: is exactly one button on? Saved in this browser as it changes.');
    expect(await page.getByRole('button', { name: 'Download the exhibit' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Open an exhibit file' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Start again from a random guess' }).count()).toBe(1);
    // Laid out as on the Node host: on a wide screen two columns, no panel squeezed below the grid's 340 px.
    const narrow = await page.locator('main > .panel').evaluateAll((panels) => panels.filter((p) => !(p as HTMLElement).hidden && p.getBoundingClientRect().width < Math.min(340, innerWidth - 40)).map((p) => `${p.id} ${Math.round(p.getBoundingClientRect().width)} px`));
    expect(narrow).toEqual([]);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      if (process.env.NB_SITE_SHOTS) await page.screenshot({ path: join(process.env.NB_SITE_SHOTS, `site-console-${name}-${colorScheme}.png`) });
      expect(await axeProblems(page), colorScheme).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.close();
  }, 40_000);

  it('a browser with no Web Serial is told so plainly in the console, and the emulated boards run all the same', async () => {
    const { page, errors } = await served.browser.open(served.server.url, { ready: '#link[data-state="live"]', initScript: 'delete Navigator.prototype.serial;' });
    await page.waitForSelector('#web-serial-missing:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#web-serial-missing')).toMatch(/^This browser has no Web Serial, so it cannot reach real boards: use Chrome, Edge or Opera/);
    await page.waitForFunction(() => /online/.test(document.getElementById('boards')!.textContent ?? ''), undefined, { timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 40_000);

  it('a browser with Web Serial says nothing about it', async () => {
    const { page } = await served.browser.open(served.server.url, { ready: '#link[data-state="live"]' });
    await page.waitForSelector('#web-serial-missing', { state: 'attached', timeout: 10_000 });
    expect(await page.isHidden('#web-serial-missing')).toBe(true);
    await page.close();
  }, 40_000);
});
