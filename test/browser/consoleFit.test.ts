/**
 * The staff console on a third shape (issue 19 item 6), in real Chromium at 1920×1080: the 3-input
 * fixture rig (test/fixtures/rigs/majority3.json: voters named Alice, Bruno and Camille, hidden layer
 * and answer on one Mega). The names in the drawing do not overlap the numbers on the nodes, all
 * eight examples can be seen above "Reset examples", the loss chart's axis title does not overlap its
 * tick numbers, and the console links to the visitor page. A screenshot goes to the temp folder.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openConsole, serve, type Browser, type Served } from './consoleHarness.js';

let browser: Browser;
let served: Served;
beforeAll(async () => {
  [browser, served] = await Promise.all([launch(), serve({ rig: 'majority3', trainOnStart: true })]);
});
afterAll(async () => Promise.all([browser?.close(), served?.server.close()]));

interface Box { what: string; left: number; top: number; right: number; bottom: number }

/** The boxes on screen of the elements `selector` finds, each named by `name` (its text or id). */
const boxes = (page: Page, selector: string): Promise<Box[]> =>
  page.$$eval(selector, (els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      const where = e.closest('[id]')?.id ?? '';
      return { what: `${e.getAttribute('class') ?? e.tagName} "${(e.textContent ?? '').trim()}" in #${where}`, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    }),
  );

const overlap = (a: Box, b: Box): boolean => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** Every pair, one from `as` and one from `bs`, whose boxes overlap. */
const overlaps = (as: Box[], bs: Box[]): string[] => as.flatMap((a) => bs.filter((b) => b !== a && overlap(a, b)).map((b) => `${a.what} overlaps ${b.what}`));

describe('console on the 3-input fixture at 1920×1080', () => {
  it('names clear of node values, every example above Reset examples, the chart axis title clear of its ticks, a link to the visitor page', async () => {
    const { page, errors } = await openConsole(browser, served.server.url, { viewport: { width: 1920, height: 1080 } });
    // a pass with every voter on: every node shows its number
    await fetch(new URL('/api/inputs', served.server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ values: [1, 1, 1] }) });
    await page.waitForFunction(() => [...document.querySelectorAll('#diagram .node .value')].every((v) => (v.textContent ?? '') !== ''));
    await page.waitForSelector('#corpus li:nth-child(8)');
    // the chart has a run to show: a few steps
    for (let i = 0; i < 3; i++) await page.click('#train-step');
    await page.waitForSelector('#loss-chart .u-axis');
    await page.screenshot({ path: join(tmpdir(), 'neuroboard-console-majority3-1920x1080.png'), fullPage: true });

    const names = await boxes(page, '#diagram text.name, #diagram text.layer-label');
    const values = await boxes(page, '#diagram .node .value, #diagram .node .body');
    expect(overlaps(names, values)).toEqual([]);
    expect(overlaps(names, names)).toEqual([]);

    // every example on the page, none behind the buttons under the list
    const list = await page.$eval('#corpus', (ol) => ({ scroll: ol.scrollHeight - ol.clientHeight }));
    const items = await boxes(page, '#corpus li');
    const reset = (await boxes(page, '#corpus-panel button.reset'))[0]!;
    expect(items).toHaveLength(8);
    expect(list.scroll, 'the list of 8 examples scrolls').toBeLessThanOrEqual(0);
    for (const item of items) expect(item.bottom, `${item.what} ends above Reset examples`).toBeLessThanOrEqual(reset.top);

    // the chart: the loss axis's tick numbers clear of its title, down to the smallest loss it shows
    // (0 is drawn at 0.000001: a log scale has no 0)
    const room = await page.evaluate(async () => {
      interface Axis { _size: number; _values: string[]; font: [string]; ticks: { size: number }; gap: number }
      const plot = (document.getElementById('loss-chart') as unknown as { plot: { axes: Axis[]; ctx: CanvasRenderingContext2D; setData(d: number[][]): void } }).plot;
      plot.setData([[0, 1, 2, 3], [0.3, 0.01, 0.0001, 0.000001]]);
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      const y = plot.axes[1]!;
      plot.ctx.font = y.font[0];
      const widest = Math.max(...y._values.map((v) => plot.ctx.measureText(v).width)) / devicePixelRatio;
      return { values: y._values, needed: Math.ceil(y.ticks.size + y.gap + widest), size: y._size };
    });
    expect(room.values.length).toBeGreaterThan(2);
    expect(room.size, `the loss axis is ${room.size} px wide for ticks ${room.values.join(', ')} that need ${room.needed} px beside its title`).toBeGreaterThanOrEqual(room.needed);

    // the console leads to the visitor page
    expect(await page.locator('a[href="/exhibit"]').count()).toBe(1);
    expect(errors).toEqual([]);
    await browser.closePages();
  }, 60_000);
});
