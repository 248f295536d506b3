/**
 * The real-boards panels in the built site (npm run build:web), in real Chromium, whose own Web Serial
 * is there on http://localhost with no port: "Connect boards" and "Flash a board" sit in the site
 * panel's #board-source-panel, filled from the exhibit's worker (the rig's board ids come from it);
 * the picker is asked from the click with the catalogue's vendors while the emulated boards keep
 * running; axe-core is clean on the console with
 * them, on a dark phone. (The panels' behaviour with boards: realBoards, flashBoards .test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { axeProblems, CONSOLE_READY, PHONE, servedSharedSite } from './siteHarness.js';

const served = servedSharedSite();

describe('the site\'s real-boards panels', () => {
  it('sit in the site panel, filled from the worker; a click asks the browser for a port with the catalogue vendors; axe is clean on a dark phone', async () => {
    const { page, errors } = await served.browser.open(served.server.url, { viewport: PHONE, colorScheme: 'dark', ready: CONSOLE_READY });
    await page.waitForSelector('#board-source-panel #connect-boards');
    expect(await page.locator('#board-source-now').innerText()).toMatch(/^Emulated in this page/);
    expect(await page.locator('#flash-ids option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['a0000001', 'a0000002', 'a0000003', 'a0000004']);
    expect(await page.locator('#connect-boards').isEnabled()).toBe(true);
    // Headless Chromium's chooser never answers (no one to choose): the test sees what the page asked for.
    const asked = page.evaluate(() => {
      const original = navigator.serial.requestPort.bind(navigator.serial);
      return new Promise<unknown>((resolve) => {
        navigator.serial.requestPort = (options) => {
          resolve(options);
          return original(options);
        };
      });
    });
    await page.locator('#connect-boards').click();
    const options = (await asked) as { filters: { usbVendorId: number }[] };
    expect(options.filters.map((f) => f.usbVendorId.toString(16).padStart(4, '0')).sort()).toEqual(['0403', '10c4', '1a86', '2341', '2a03']);
    expect(await page.locator('#board-source-now').innerText()).toMatch(/^Emulated in this page/);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: `${process.env['TMPDIR'] ?? '/tmp'}/neuroboard-site-boards-phone-dark.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);
});
