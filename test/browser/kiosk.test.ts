/**
 * A kiosk in real Chromium, touch only (issue 18 item 1): the visitor page at 1920×1080 on a
 * kiosk-mode exhibit on loopback. Tapping every visible control (presses, "start again", the
 * language switch, the network's input nodes) leads nowhere but the page itself, asks the server
 * for nothing but presses and "start again" (which work without the token), and leaves the staff's
 * corpus as it was. Then a child who somehow reached the console at / taps "Reset examples" and
 * says OK: refused, the corpus unchanged; staff who type the token in the console's dialog reset it.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { launchVisitorBrowser, SCREEN, type VisitorBrowser } from './visitorHarness.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const TOKEN = 'kiosk-staff-token-0123456789';
/** What a page may change from a kiosk's screen without the token. */
const VISITOR_REQUESTS = [/^POST \/api\/boards\/[^/]+\/press$/, /^POST \/api\/train\/restart$/];
/** Everything a finger can reach on the visitor page. */
const TAPPABLE = 'button, a, input, select, textarea, summary, [role="button"], [role="link"], [tabindex]:not([tabindex="-1"]), #network .node';

let browser: VisitorBrowser;
let server: RunningServer;
let exhibit: Exhibit;

beforeAll(async () => {
  const { rig } = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  exhibit = new Exhibit({
    scheduler: nodeScheduler,
    rig: { ...rig, cascade: { ...rig.cascade, stepDelayMs: 0 }, training: { ...rig.training, trainOnStart: false }, visitors: { ...rig.visitors, attract: false } },
    source: new ScriptedSource(),
    corpus: classicCorpus('xor'),
  });
  server = await startServer({ exhibit, port: 0, handleSignals: false, staffTokenOnLoopback: true, token: TOKEN });
  // The staff's own work, which a visitor must not be able to wipe.
  await exhibit.teach({ inputs: [0.25, 0.75], targets: [1], label: 'taught by staff' }, 'staff');
  browser = await launchVisitorBrowser({ hasTouch: true });
});

afterAll(async () => {
  await browser?.close();
  await exhibit?.stopTraining();
  await server?.close();
});

const corpusNow = async (): Promise<unknown> => (await fetch(new URL('/api/corpus', server.url))).json();

/** Counts clicks and the page's own fetches (method, path, status) from before its scripts run. */
async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { clicks: number; pending: number; sent: Array<{ method: string; path: string; status: number | null; token: boolean }> };
    w.clicks = 0;
    w.pending = 0;
    w.sent = [];
    document.addEventListener('click', () => w.clicks++, true);
    const original = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const entry = { method: init?.method ?? 'GET', path: new URL(String(input), location.href).pathname, status: null as number | null, token: new Headers(init?.headers).has('authorization') };
      w.sent.push(entry);
      w.pending++;
      try {
        const res = await original(input, init);
        entry.status = res.status;
        return res;
      } finally {
        w.pending--;
      }
    };
  });
}

/** Taps, then waits until the tap's click has run and every fetch it started has its answer. */
async function tapAndSettle(page: Page, index: number): Promise<void> {
  const clicksBefore = await page.evaluate(() => (window as unknown as { clicks: number }).clicks);
  await page.locator(TAPPABLE).nth(index).tap();
  await page.waitForFunction((n) => {
    const w = window as unknown as { clicks: number; pending: number };
    return w.clicks > n && w.pending === 0;
  }, clicksBefore);
}

describe('a kiosk, touch only', () => {
  it('the visitor page: every control tapped leads nowhere, asks for nothing but presses and "start again", and the corpus is unchanged', async () => {
    const before = await corpusNow();
    const navigations: string[] = [];
    const popups: string[] = [];
    browser.context.on('page', (p) => popups.push(p.url()));
    const page = await browser.context.newPage();
    await instrument(page);
    // Staff once typed the token into the console in this browser: the visitor page still never sends it.
    await page.addInitScript((token) => localStorage.setItem('neuroboard.token', token), TOKEN);
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
    await page.setViewportSize(SCREEN);
    await page.goto(new URL('/exhibit', server.url).href);
    await page.waitForSelector('#network .node');
    await page.waitForSelector('#link[data-state="live"]', { state: 'attached' });
    popups.length = 0;

    // Nothing on the page points anywhere: no link, no form, no frame.
    expect(await page.$$eval('body [href], body [action], body [formaction], body iframe', (els) => els.map((e) => e.outerHTML.slice(0, 120)))).toEqual([]);

    // What a finger can reach now: shown and enabled (the language switch redraws the page, but
    // keeps the same controls in the same order).
    const reachable = await page.$$eval(TAPPABLE, (els) =>
      els.flatMap((e, i) => (e.checkVisibility() && !(e as HTMLButtonElement).disabled ? [{ i, name: `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''} "${(e.textContent ?? '').trim().slice(0, 30)}"` }] : [])),
    );
    const tapped: string[] = [];
    for (const { i, name } of reachable) {
      tapped.push(name);
      await tapAndSettle(page, i);
      expect(new URL(page.url()).pathname, `after tapping ${name}`).toBe('/exhibit');
    }
    // The presses, "start again", the three languages and the two input nodes at least.
    expect(tapped.length, tapped.join('\n')).toBeGreaterThanOrEqual(8);
    expect(tapped.join('\n')).toMatch(/button#restart/);

    const sent = await page.evaluate(() => (window as unknown as { sent: Array<{ method: string; path: string; status: number | null; token: boolean }> }).sent);
    expect(sent.filter((r) => r.token)).toEqual([]);
    const changes = sent.filter((r) => r.method !== 'GET');
    expect(changes.length, JSON.stringify(sent)).toBeGreaterThanOrEqual(3);
    for (const r of changes) {
      expect(VISITOR_REQUESTS.some((re) => re.test(`${r.method} ${r.path}`)), `${r.method} ${r.path}`).toBe(true);
      expect(r.status, `${r.method} ${r.path} works without the token on the kiosk`).toBeLessThan(300);
    }
    expect(navigations.map((u) => new URL(u).pathname)).toEqual(['/exhibit']);
    expect(popups).toEqual([]);
    expect(await corpusNow()).toEqual(before);
    await page.evaluate(() => localStorage.removeItem('neuroboard.token')); // the console's test below starts without it
    await page.close();
    await exhibit.stopTraining();
  });

  it('a child who reached the console: "Reset examples", OK, is refused and changes nothing; staff who type the token reset it', async () => {
    const before = (await corpusNow()) as { examples: Array<{ label?: string; source: string }> };
    expect(before.examples.some((e) => e.label === 'taught by staff' && e.source === 'staff')).toBe(true);
    const page = await browser.context.newPage();
    page.on('dialog', (dialog) => void dialog.accept()); // "Remove every taught example…?" OK
    await page.goto(server.url);
    await page.waitForSelector('#link[data-state="live"]');
    await page.waitForSelector('.board');

    await page.locator('button.reset').tap();
    const dialog = page.locator('#token-dialog');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.textContent()).toMatch(/journalctl -u neuroboard \| grep token:.*staff-token/s);
    await page.locator('#token-dialog button[value="cancel"]').tap();
    await page.waitForFunction(() => document.getElementById('teach-result')?.dataset['kind'] === 'problem');
    expect(await page.locator('#teach-result').textContent()).toMatch(/needs the staff token/);
    expect(await corpusNow()).toEqual(before);

    await page.locator('button.reset').tap();
    await dialog.waitFor({ state: 'visible' });
    await page.locator('#token-input').tap();
    await page.keyboard.type(TOKEN);
    await page.locator('#token-ok').tap();
    await page.waitForFunction(() => /reset to the rig's 4 examples/.test(document.getElementById('teach-result')?.textContent ?? ''));
    const after = (await corpusNow()) as { examples: unknown[] };
    expect(after.examples).toHaveLength(4);
    await page.close();
  });
});
