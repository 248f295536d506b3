/**
 * Real boards in the built site itself (npm run build:web), over Web Serial as the site splits it:
 * the console page has the picker, the exhibit's worker (site/worker.js) opens the ports, flashes,
 * finds the boards by id and runs the exhibit on them. The boards are emulated Unos with the real
 * firmware behind optiboot, put in the worker by the fake navigator.serial placed before the site's
 * worker script (siteSerial/fakeInSiteWorker.ts); the page's picker grants a board there
 * (webSerial/fakeAcrossContexts.ts), as Chromium's grants are the origin's. One browser, one console:
 * a spare board is flashed from the page with the answer board's id, the other three are connected
 * with "Connect boards", a press on input A's board lights the flashed board's LED, and the flashed
 * board unplugged and plugged back in works again with no reload.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForBrowser } from './bundledPage.js';
import { copyOfSite, sharedSite, CONSOLE_READY, launchSiteBrowser, removeSite, serveBuiltSite, type BuiltSite, type SiteBrowser, type SiteServer } from './siteHarness.js';

const HERE = join(import.meta.dirname, 'siteSerial');

let site: BuiltSite;
let server: SiteServer;
let browser: SiteBrowser;
let page: Page;
let errors: string[];

/** The site's worker, whose fake navigator.serial has the boards. */
const worker = (): Worker => {
  const [w] = page.workers();
  if (!w) throw new Error('the console runs no worker');
  return w;
};

interface FakeInWorker {
  chooser: (ports: { device: { granted: boolean } }[]) => unknown;
  plug(options: { kind: string; id: string; granted: boolean }): unknown;
  devices: { sim: { id?: string }; press(ch: number): void; release(ch: number): void; ledLevel(ch: number): number; unplug(): void; replug(): void }[];
  lastFilters: { usbVendorId: number }[] | undefined;
}
const fake = <T>(fn: (f: FakeInWorker, arg: unknown) => T, arg?: unknown): Promise<T> =>
  worker().evaluate(([source, a]) => new Function('f', 'a', `return (${source})(f, a)`)((globalThis as unknown as { __fakeSerial: unknown }).__fakeSerial, a) as T, [fn.toString(), arg] as const);

beforeAll(async () => {
  site = copyOfSite(await sharedSite());
  const scripts = await bundleForBrowser({ worker: join(HERE, 'fakeInSiteWorker.ts'), page: join(HERE, 'pickerInPage.ts') }, 'iife');
  // The fake goes first in the site's own worker script, before the site's code looks for navigator.serial.
  const workerFile = join(site.dir, 'worker.js');
  writeFileSync(workerFile, `${scripts['worker']}\n${readFileSync(workerFile, 'utf8')}`);
  server = await serveBuiltSite(site.dir);
  browser = await launchSiteBrowser();
  ({ page, errors } = await browser.open(server.url, { ready: CONSOLE_READY, initScript: scripts['page']! }));
  await page.waitForSelector('#board-source-panel #connect-boards');
  // The exhibit opens trained (the rig trains on start), so a press has an answer to light.
  await page.waitForFunction(() => /4\/4|4 of 4/.test(document.getElementById('corpus-score')?.textContent ?? ''), undefined, { timeout: 40_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  removeSite(site);
});

const text = (selector: string): Promise<string> => page.locator(selector).innerText();
const linesSay = (pattern: RegExp, timeout = 15_000): Promise<unknown> =>
  page.waitForFunction((source) => new RegExp(source, 's').test((document.querySelector('#real-lines') as HTMLElement | null)?.innerText ?? ''), pattern.source, { timeout });

/** Presses input A's board (latched), waits for the answer board's LED, and presses again to put it out. */
async function pressLightsAnswer(answer: number): Promise<number> {
  const press = (): Promise<void> => fake((f) => {
    f.devices[1]!.press(0);
    setTimeout(() => f.devices[1]!.release(0), 60);
  });
  await press();
  const lit = await waitForLed(answer, (level) => level > 180);
  await press();
  await waitForLed(answer, (level) => level < 60);
  return lit;
}

async function waitForLed(index: number, ok: (level: number) => boolean): Promise<number> {
  const until = Date.now() + 8_000;
  for (;;) {
    const level = await fake((f, i) => f.devices[i as number]!.ledLevel(0), index);
    if (ok(level)) return level;
    if (Date.now() > until) throw new Error(`board ${index}'s LED stayed at ${level}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('real boards in the site\'s worker (fake Web Serial across the page and the worker)', () => {
  it('"Flash a board": the page picks the board, the worker writes the firmware through optiboot and gives it the answer board\'s id', async () => {
    await fake((f) => f.plug({ kind: 'uno', id: '3f2a91c0', granted: false }));
    await page.getByLabel('Board kind').selectOption('uno');
    await page.getByLabel('Board id').fill('a0000004');
    await page.getByRole('button', { name: 'Choose the board and flash it' }).click();
    await page.waitForFunction(() => /says HELLO/.test(document.querySelector('#flash-log')?.textContent ?? '') || !(document.querySelector('#flash-problem') as HTMLElement).hidden, undefined, { timeout: 60_000 });
    expect(await page.locator('#flash-problem').isHidden() ? '' : await text('#flash-problem')).toBe('');
    const lines = (await text('#flash-log')).split('\n');
    expect(lines[0]).toMatch(/^Flashing Arduino Uno \(ATmega328P, 16 MHz\) on webserial:\d+ through its bootloader \(STK500v1 at 115200 baud\), \d+ bytes:$/);
    expect(lines.some((l) => /^ {2}verifying 100 % \(\d+\/\d+ pages\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^✓ board on webserial:\d+ says HELLO: uno, id a0000004 \(was 3f2a91c0\), firmware \d+\.\d+\.\d+, 1\/4 channels$/.test(l))).toBe(true);
    expect(await page.locator('#flash-progress').evaluate((e) => (e as HTMLProgressElement).value)).toBe(100);
    // The picker was the page's, asked with the catalogue's vendors.
    expect((await fake((f) => f.lastFilters))!.map((f) => f.usbVendorId.toString(16).padStart(4, '0')).sort()).toEqual(['0403', '10c4', '1a86', '2341', '2a03']);
  }, 90_000);

  it('"Connect boards" chooses the other three; the exhibit runs on all four and a press on input A lights the flashed board', async () => {
    for (const id of ['a0000001', 'a0000002', 'a0000003']) await fake((f, i) => f.plug({ kind: 'uno', id: i as string, granted: false }), id);
    await fake((f) => {
      f.chooser = (ports) => ports.find((p) => !p.device.granted) ?? null;
    });
    await page.getByRole('button', { name: 'Connect boards' }).click();
    await page.waitForFunction(() => /runs on the real boards/.test(document.querySelector('#boards-in-use')?.textContent ?? ''), undefined, { timeout: 15_000 });
    for (let more = 0; more < 3; more++) {
      const button = page.getByRole('button', { name: /^Connect (more )?boards$/ });
      if (await button.isVisible()) await button.click();
    }
    await page.waitForFunction(() => /All 4 boards of this exhibit are plugged in and working/.test(document.querySelector('#real-summary')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await text('#real-lines')).toMatch(/Working: "answer" \(board a0000004\) is plugged in and working \(on webserial:\d+\)/);
    expect(await pressLightsAnswer(0)).toBeGreaterThan(180);
  }, 60_000);

  it('the flashed board unplugged is named missing; plugged back in it works again, with no reload', async () => {
    await fake((f) => f.devices[0]!.unplug());
    await linesSay(/Missing: "answer"/);
    expect(await text('#real-summary')).toBe('3 of the 4 boards of this exhibit are working.');
    await fake((f) => f.devices[0]!.replug());
    await page.waitForFunction(() => /All 4 boards of this exhibit are plugged in and working/.test(document.querySelector('#real-summary')?.textContent ?? ''), undefined, { timeout: 30_000 });
    expect(await pressLightsAnswer(0)).toBeGreaterThan(180);
    expect(errors).toEqual([]);
  }, 60_000);
});
