/**
 * The console's real-boards panels ("Connect boards", "Flash a board") as a person sees them, in
 * Chromium: axe-core finds no serious or critical problem at 1920x1080 and 390x844, light and dark,
 * with a report and a flash refusal on show; without Web Serial the buttons say which browsers have
 * it and the emulated boards keep running. Screenshots go to the temp folder
 * (neuroboard-realboards-*.png). One browser per page kind.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundledPage } from './bundledPage.js';
import { seriousA11yProblems } from './consoleHarness.js';
import { inPage, openRealBoardsPage, plug } from './realBoards/harness.js';

const SIZES = [
  { name: 'desktop', width: 1920, height: 1080 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const opened: BundledPage[] = [];
afterAll(async () => {
  for (const page of opened) await page.close();
});

/** axe at both sizes in both schemes, a screenshot of each. */
async function lookEverywhere(bundled: BundledPage, label: string): Promise<string[]> {
  const problems: string[] = [];
  for (const size of SIZES) {
    for (const colorScheme of ['light', 'dark'] as const) {
      await bundled.page.setViewportSize({ width: size.width, height: size.height });
      await bundled.page.emulateMedia({ colorScheme });
      await bundled.page.screenshot({ path: join(tmpdir(), `neuroboard-realboards-${label}-${size.name}-${colorScheme}.png`), fullPage: true });
      problems.push(...(await seriousA11yProblems(bundled.page)).map((p) => `${size.name} ${colorScheme}: ${p}`));
    }
  }
  return problems;
}

describe('the real-boards panels, looked at', () => {
  it('with boards connected, a board of another exhibit named and a flash refused: no serious or critical axe problem', async () => {
    const bundled = await openRealBoardsPage({ webSerial: true });
    opened.push(bundled);
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __realBoards: { ready(): Promise<boolean> } }).__realBoards.ready());
    await plug(bundled.page, { kind: 'uno', id: 'a0000001', granted: false });
    await plug(bundled.page, { kind: 'nano-old', id: '3f2a91c0', usb: 0, granted: true });
    await bundled.page.getByRole('button', { name: 'Connect boards' }).click();
    await bundled.page.waitForFunction(() => /Missing: .*\n?.*Also plugged in|Also plugged in[\s\S]*Missing|Missing[\s\S]*Also plugged in/.test(document.querySelector('#real-lines')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await bundled.page.getByLabel('Board id').fill('not an id');
    await bundled.page.getByRole('button', { name: 'Choose the board and flash it' }).click();
    await bundled.page.waitForSelector('#flash-problem:not([hidden])');
    expect(await inPage(bundled.page, 'using')).toBe('real');
    expect(await lookEverywhere(bundled, 'connected')).toEqual([]);
    expect(bundled.errors).toEqual([]);
  }, 60_000);

  it('without Web Serial: the buttons say which browsers have it, the emulated boards run, and axe is clean', async () => {
    const bundled = await openRealBoardsPage({ webSerial: false });
    opened.push(bundled);
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __realBoards: { ready(): Promise<boolean> } }).__realBoards.ready());
    expect(await bundled.page.evaluate(() => 'serial' in navigator && (navigator as { serial?: unknown }).serial !== undefined)).toBe(false);
    const connect = bundled.page.locator('#connect-boards');
    expect(await connect.innerText()).toBe('Connect boards (needs Chrome, Edge or Opera)');
    expect(await connect.isDisabled()).toBe(true);
    expect(await bundled.page.locator('#real-problem').innerText()).toMatch(/no Web Serial.*Chrome, Edge or Opera.*Firefox needs an add-on; Safari has none\)\. The emulated boards run here all the same\./);
    expect(await bundled.page.locator('#flash-go').isDisabled()).toBe(true);
    expect(await inPage(bundled.page, 'using')).toBe('emulated');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __realBoards: { boards(): { online: boolean }[] } }).__realBoards.boards().every((b) => b.online), undefined, { timeout: 15_000 });
    expect(await lookEverywhere(bundled, 'no-web-serial')).toEqual([]);
    expect(bundled.errors).toEqual([]);
  }, 60_000);
});
