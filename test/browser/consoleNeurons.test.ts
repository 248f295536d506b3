/**
 * The console's neurons panel (dashboard/console/js/membrane.js) in real Chromium at 1920×1080 and
 * 390×844, dark and light: staff switch the boards to spiking neurons and back (PUT /api/neurons),
 * read the agreement ("agrees on 4 of 4 examples"), and watch a chosen neuron's membrane potential
 * as a trace with its spikes marked. axe-core clean; screenshots to the temp folder (console-neurons-*.png).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launch, openConsole, seriousA11yProblems, serve, type Browser, type Served } from './consoleHarness.js';

let browser: Browser;
let served: Served | null = null;
beforeAll(async () => {
  browser = await launch();
});
afterEach(async () => {
  await served?.server.close();
  await served?.exhibit.stop();
  served = null;
});
afterAll(async () => browser?.close());

describe('the console: the network or real neurons', () => {
  it('switches the boards to spiking neurons, says how far they agree, traces a neuron, and switches back', { timeout: 30_000 }, async () => {
    served = await serve({ trainOnStart: true });
    const { server, exhibit } = served;
    const { page, errors } = await openConsole(browser, server.url, { viewport: { width: 1920, height: 1080 }, colorScheme: 'dark' });
    const button = (model: string) => page.locator(`#neurons-switch button[data-model="${model}"]`);
    expect(await button('sigmoid').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#neurons-agreement').textContent()).toMatch(/The boards show the network/);

    await exhibit.setInputs([1, 0]);
    await button('spiking').click();
    await expect.poll(() => page.locator('#neurons-agreement').textContent()).toMatch(/agree with the network on 4 of 4 examples/);
    expect(exhibit.neurons.model).toBe('spiking');
    expect(await button('spiking').getAttribute('aria-pressed')).toBe('true');
    // The answer neuron's trace: points arrive, it crosses the threshold and its spikes are marked.
    await expect.poll(() => page.locator('#membrane-chart').getAttribute('data-spikes').then(Number), { timeout: 6000 }).toBeGreaterThan(2);
    await expect.poll(() => page.locator('#membrane-chart').getAttribute('data-points').then(Number), { timeout: 6000 }).toBeGreaterThan(10);
    await page.screenshot({ path: join(tmpdir(), 'console-neurons-screen-dark.png'), fullPage: true });
    expect(await seriousA11yProblems(page)).toEqual([]);

    // Another neuron: input B is off, so its potential stays at rest and it never spikes.
    await page.locator('#neurons-node').selectOption('0:1');
    await page.waitForTimeout(800);
    expect(await page.locator('#membrane-chart').getAttribute('data-spikes')).toBe('0');
    expect(Number(await page.locator('#membrane-chart').getAttribute('data-last'))).toBe(0);

    await button('sigmoid').click();
    await expect.poll(() => button('sigmoid').getAttribute('aria-pressed')).toBe('true');
    expect(exhibit.neurons.model).toBe('sigmoid');
    expect(await page.locator('#neurons-agreement').textContent()).toMatch(/Last check of the spiking neurons: agrees on 4 of 4/);
    expect(errors).toEqual([]);
  });

  it('on a phone, light: the panel fits and reads', { timeout: 30_000 }, async () => {
    served = await serve({ trainOnStart: true });
    const { server, exhibit } = served;
    await exhibit.setInputs([0, 1]);
    await exhibit.setNeuronModel('spiking');
    const { page, errors } = await openConsole(browser, server.url, { viewport: { width: 390, height: 844 }, colorScheme: 'light' });
    await expect.poll(() => page.locator('#membrane-chart').getAttribute('data-points').then(Number), { timeout: 6000 }).toBeGreaterThan(10);
    await page.locator('#neurons-panel').scrollIntoViewIfNeeded();
    await page.locator('#neurons-panel').screenshot({ path: join(tmpdir(), 'console-neurons-phone-light.png') });
    const box = await page.locator('#neurons-panel').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(await seriousA11yProblems(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
