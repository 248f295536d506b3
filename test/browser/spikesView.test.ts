/**
 * The visitor page's switch between "the network" and "real neurons" (dashboard/exhibit/js/spikes.js)
 * in real Chromium at 1920×1080 and 390×844, light and dark: the visitor's switch changes only what
 * the screen draws (the exhibit keeps running the network; the page simulates its spiking neurons),
 * spikes travel as dots, the caption says in plain words that the answer counts the spikes that
 * arrive, and when staff switch the boards to spiking neurons the page follows. axe-core runs in
 * both views; screenshots go to the temp folder (spikes-*.png) to be looked at.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { axeViolations, launchVisitorBrowser, PHONE, SCREEN, serveExhibit, type Served, type VisitorBrowser } from './visitorHarness.js';

let browser: VisitorBrowser;
let served: Served | null = null;
beforeAll(async () => {
  browser = await launchVisitorBrowser();
});
afterEach(async () => {
  await browser.closePages();
  await served?.server.close();
  await served?.exhibit.stop();
  served = null;
});
afterAll(async () => browser?.close());

async function xorServed(): Promise<Served> {
  const { rig } = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  served = await serveExhibit(rig, classicCorpus('xor'));
  return served;
}

describe('the visitor page: the network or real neurons', () => {
  it('a visitor switches the screen to real neurons without changing what the boards show; spikes travel as dots', { timeout: 30_000 }, async () => {
    const { server, exhibit } = await xorServed();
    const { page, errors } = await browser.open(server.url, { viewport: SCREEN, colorScheme: 'light' });
    const puts: string[] = [];
    page.on('request', (r) => r.method() !== 'GET' && puts.push(`${r.method()} ${new URL(r.url()).pathname}`));
    const choice = (view: string) => page.locator(`.view-choice[data-view="${view}"]`);
    await expect.poll(() => choice('network').getAttribute('aria-pressed')).toBe('true');
    expect(await choice('neurons').textContent()).toBe('Real neurons');
    expect(await page.locator('.spikes-caption').isHidden()).toBe(true);

    await exhibit.setInputs([1, 0]);
    await choice('neurons').click();
    expect(await page.locator('#network').getAttribute('data-view')).toBe('neurons');
    expect(await page.locator('.spikes-caption').textContent()).toMatch(/it counts the spikes that arrive/);
    expect(await page.locator('.spikes-status').textContent()).toMatch(/The boards show the network/);
    // The page's own neurons: the pressed input spikes, its dots travel to the hidden layer, and charge rises.
    await expect.poll(() => page.locator('.spike-dot').count(), { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.spike-ring[data-layer="2"]').getAttribute('data-potential').then(Number), { timeout: 5000 }).toBeGreaterThan(0.05);
    await page.waitForTimeout(1200);
    await page.screenshot({ path: join(tmpdir(), 'spikes-screen-light-page.png') });
    expect(await axeViolations(page)).toEqual([]);

    // Nothing was asked of the exhibit: it still runs the network.
    expect(puts).toEqual([]);
    expect(exhibit.neurons.model).toBe('sigmoid');
    expect(exhibit.state()).not.toHaveProperty('neurons');
    await page.locator('.lang[data-lang="de"]').click();
    await expect.poll(() => choice('neurons').textContent()).toBe('Echte Neuronen');
    expect(await page.locator('.spikes-caption').textContent()).toMatch(/Sie zählt die Impulse, die ankommen/);
    await choice('network').click();
    expect(await page.locator('.spike-dot').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('when staff switch the boards to spiking neurons the page follows, shows the boards\' spikes, and says so (phone, dark)', { timeout: 30_000 }, async () => {
    const { server, exhibit } = await xorServed();
    const { page, errors } = await browser.open(server.url, { viewport: PHONE, colorScheme: 'dark' });
    await exhibit.setInputs([0, 1]);
    await exhibit.setNeuronModel('spiking');
    await expect.poll(() => page.locator('#network').getAttribute('data-view')).toBe('neurons');
    expect(await page.locator('.view-choice[data-view="neurons"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.spikes-status').textContent()).toMatch(/The boards show real neurons now/);
    await expect.poll(() => page.locator('.spike-dot').count(), { timeout: 5000 }).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(tmpdir(), 'spikes-phone-dark-boards.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // A visitor may still look at the network: the screen changes, the boards keep spiking.
    await page.locator('.view-choice[data-view="network"]').click();
    expect(await page.locator('#network').getAttribute('data-view')).toBe('network');
    expect(exhibit.neurons.model).toBe('spiking');
    await page.screenshot({ path: join(tmpdir(), 'spikes-phone-dark-network.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('1920×1080 dark with the boards spiking, and 390×844 light looking at the page\'s own neurons', { timeout: 30_000 }, async () => {
    const { server, exhibit } = await xorServed();
    await exhibit.setInputs([1, 1]);
    await exhibit.setNeuronModel('spiking');
    const dark = await browser.open(server.url, { viewport: SCREEN, colorScheme: 'dark' });
    await expect.poll(() => dark.page.locator('#network').getAttribute('data-view')).toBe('neurons');
    await dark.page.waitForTimeout(1500);
    await dark.page.screenshot({ path: join(tmpdir(), 'spikes-screen-dark-boards.png') });
    expect(await axeViolations(dark.page)).toEqual([]);
    await exhibit.setNeuronModel('sigmoid');
    const light = await browser.open(server.url, { viewport: PHONE, colorScheme: 'light' });
    await light.page.locator('.view-choice[data-view="neurons"]').click();
    await light.page.waitForTimeout(1500);
    await light.page.screenshot({ path: join(tmpdir(), 'spikes-phone-light-page.png'), fullPage: true });
    expect(await axeViolations(light.page)).toEqual([]);
    expect([...dark.errors, ...light.errors]).toEqual([]);
  });
});
