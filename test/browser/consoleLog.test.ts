/**
 * The console's log shows how the exhibit started, not only what came after the page opened: the
 * exhibit keeps its last log lines (`state.log`, in every `hello`) and the console shows them, then
 * the stream's lines above them, each once. Real Chromium against a real server.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openConsole, serve, type Browser, type Served } from './consoleHarness.js';

let browser: Browser;
let served: Served;
beforeAll(async () => {
  browser = await launch();
  served = await serve({ trainOnStart: true });
});
afterAll(async () => {
  await served?.server.close();
  await browser?.close();
});

const logLines = (page: import('playwright-core').Page) => page.$$eval('#log li', (lis) => lis.map((li) => li.textContent ?? ''));

describe('the console log', () => {
  it('opened after start-up, shows the boards coming online and the training on start; new lines go on top, each once', async () => {
    const { page, errors } = await openConsole(browser, served.server.url);
    await page.waitForFunction(() => document.querySelectorAll('#log li').length >= 5);
    const lines = await logLines(page);
    for (const id of ['a0000001', 'a0000002', 'a0000003', 'a0000004']) expect(lines.some((l) => l.includes(`board ${id} online`))).toBe(true);
    expect(lines.some((l) => /training trial-and-error ended \(target-reached\)/.test(l))).toBe(true);
    // Oldest at the bottom: the boards came online before training on start ended.
    expect(lines.findIndex((l) => l.includes('training trial-and-error ended'))).toBeLessThan(lines.findIndex((l) => l.includes('board a0000001 online')));

    const before = lines.length;
    const res = await fetch(new URL('/api/train', served.server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method: 'backprop', epochs: 5 }) });
    expect(res.status).toBeLessThan(300);
    await page.waitForFunction((n) => document.querySelectorAll('#log li').length >= n + 2, before);
    const after = await logLines(page);
    expect(after[0]).toMatch(/training backprop ended/);
    expect(after.filter((l) => l.includes('training started: backprop'))).toHaveLength(1);
    expect(after.filter((l) => l.includes('board a0000001 online'))).toHaveLength(1);
    await page.screenshot({ path: join(tmpdir(), 'nb-console-log.png') });
    expect(errors).toEqual([]);
    await browser.closePages();
  });
});
