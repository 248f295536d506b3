/**
 * What the visitor page's tests share (exhibitStory, fit and others): Debian's Chromium
 * driven by playwright-core, an exhibit on scripted boards behind a real server on 127.0.0.1, the
 * page at a size and theme recording its errors, and axe-core's serious and critical findings.
 */
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import type { Corpus } from '../../src/core/corpus.js';
import { Exhibit, type ExhibitOptions } from '../../src/runtime/exhibit.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import type { StoryClock } from '../../src/runtime/story/player.js';
import type { TimerHandle } from '../../src/platform/scheduler.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { waitFor } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { newBrowserContext, pagePool } from './sharedChromium.js';

export const SCREEN = { width: 1920, height: 1080 };
export const PHONE = { width: 390, height: 844 };
export const SIZES = [['screen', SCREEN], ['phone', PHONE]] as const;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface VisitorBrowser {
  context: BrowserContext;
  /** Opens /exhibit (plus `query`) at a size and theme once its network is drawn and its stream live. */
  open(url: string, options?: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; query?: string }): Promise<{ page: Page; errors: string[] }>;
  /** Ends the pages opened since the last call (afterEach), so a server's close never waits on their streams. */
  closePages(): Promise<void>;
  close(): Promise<void>;
}

/** `hasTouch`: a touch screen (a kiosk), so tests can `tap()`. Pages are reused (pagePool). */
export async function launchVisitorBrowser(options: { hasTouch?: boolean } = {}): Promise<VisitorBrowser> {
  // bypassCSP so axe-core can be injected; test/server/visitorPage.test.ts checks the CSP itself
  const context = await newBrowserContext({ viewport: SCREEN, bypassCSP: true, hasTouch: options.hasTouch ?? false });
  const pages = pagePool(context);
  return {
    context,
    async open(url, { viewport = SCREEN, colorScheme = 'light', query = '' } = {}) {
      const page = await pages.take();
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme, reducedMotion: null });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => !r.url().includes('/api/events') && errors.push(`request failed: ${r.url()}`));
      await page.goto(new URL(`/exhibit${query}`, url).href);
      await page.waitForSelector('#network .node', { timeout: 10_000 }).catch((err: Error) => {
        throw new Error(`${err.message}\n${errors.join('\n')}`);
      });
      await page.waitForSelector('#link[data-state="live"]', { state: 'attached' });
      return { page, errors };
    },
    closePages: () => pages.releaseAll(),
    async close() {
      await context.close();
    },
  };
}

export interface Served {
  server: RunningServer;
  exhibit: Exhibit;
}

/**
 * An exhibit on scripted boards for `rig` (400 ms between layers, as a visitor sees it) behind a real
 * server; `more` adds exhibit options (a story and its clock).
 */
export async function serveExhibit(rig: ResolvedRig, corpus: Corpus, more: Partial<ExhibitOptions> = {}): Promise<Served> {
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...rig, cascade: { ...rig.cascade, stepDelayMs: 400 } }, source: new ScriptedSource(), corpus, ...more });
  const server = await startServer({ exhibit, port: 0, handleSignals: false });
  await waitFor(() => !exhibit.trainingStatus.running, 'training on start to finish', 20_000);
  return { server, exhibit };
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => (window as unknown as { axe: { run: (o: object) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe.run({ resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * The story's timers at `speed` story ms per wall ms (a test may change it: a learn scene reads it
 * when it starts), which a test can hold: a held scene lasts until it lets go, so a screenshot or an
 * axe run never races the story.
 */
export function heldClock(speed: number): { clock: StoryClock; hold(): void; release(): void } {
  let held = false;
  const due = new Set<Entry>();
  interface Entry { fn: () => void; timer?: NodeJS.Timeout }
  const clock: StoryClock = {
    speed,
    setTimeout(fn, ms) {
      const entry: Entry = { fn };
      entry.timer = setTimeout(() => (held ? due.add(entry) : fn()), ms / speed);
      return entry as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      clearTimeout((handle as unknown as Entry).timer);
      due.delete(handle as unknown as Entry);
    },
  };
  return {
    clock,
    hold: () => (held = true),
    release() {
      held = false;
      for (const entry of [...due]) {
        due.delete(entry);
        entry.fn();
      }
    },
  };
}
