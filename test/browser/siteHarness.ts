/**
 * What the static site's Chromium tests (test/browser/site*.test.ts) share: the site built by the
 * test itself (scripts/build-web.mjs, into a temporary folder: a clean clone has no site/), served by
 * the site's own tiny static server on http://localhost (a secure context; `sharedSite()`: built once
 * per test worker for the files that only read it), one Chromium with its own
 * profile per test file (so IndexedDB, Web Locks and the service worker start empty), pages opened at
 * a size and theme with their errors recorded, and axe-core's serious and critical findings.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { newBrowserContext } from './sharedChromium.js';
// @ts-expect-error plain JavaScript build script, no declarations
import { buildWeb } from '../../scripts/build-web.mjs';
// @ts-expect-error plain JavaScript server, no declarations
import { serveSite } from '../../scripts/serve-web.mjs';

export const SCREEN = { width: 1920, height: 1080 };
export const PHONE = { width: 390, height: 844 };
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface BuiltSite {
  dir: string;
  version: string;
  metafile: { outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> };
}

/** Builds the site into a fresh temporary folder; `label` makes a different version from the same tree. */
export async function buildSite(label = ''): Promise<BuiltSite> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-site-'));
  const { version, metafile } = (await buildWeb({ out: dir, label })) as { version: string; metafile: BuiltSite['metafile'] };
  return { dir, version, metafile };
}

/**
 * The site as build:web makes it, built once for all the test files a test worker runs (they only
 * read it) and removed when that worker's process exits: one build instead of one per file.
 */
let shared: Promise<BuiltSite> | null = null;
export function sharedSite(): Promise<BuiltSite> {
  shared ??= buildSite().then((site) => {
    process.once('exit', () => rmSync(site.dir, { recursive: true, force: true }));
    return site;
  });
  return shared;
}

/** A copy of `site` that a test may change (removeSite it after). */
export function copyOfSite(site: BuiltSite): BuiltSite {
  const dir = mkdtempSync(join(tmpdir(), 'nb-site-'));
  cpSync(site.dir, dir, { recursive: true });
  return { ...site, dir };
}

export interface SiteServer {
  url: string;
  setRoot(dir: string): void;
  close(): Promise<void>;
}

export async function serveBuiltSite(dir: string): Promise<SiteServer> {
  return (await serveSite(dir)) as SiteServer;
}

export interface SiteBrowser {
  context: BrowserContext;
  /** Opens `path` of the site at a size and theme; resolves once `ready` (a selector) is there. */
  /** `initScript` runs in the page before its own scripts. */
  open(url: string, options?: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; ready?: string; initScript?: string }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchSiteBrowser(): Promise<SiteBrowser> {
  const context = await newBrowserContext({ viewport: SCREEN, bypassCSP: true, acceptDownloads: true });
  return {
    context,
    async open(url, { viewport = SCREEN, colorScheme = 'light', ready, initScript } = {}) {
      const page = await context.newPage();
      if (initScript) await page.addInitScript({ content: initScript });
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      await page.goto(url);
      if (ready) {
        await page.waitForSelector(ready, { timeout: 20_000, state: 'attached' }).catch((err: Error) => {
          throw new Error(`${err.message}\n${errors.join('\n')}`);
        });
      }
      return { page, errors };
    },
    async close() {
      await context.close();
    },
  };
}

export interface ServedSite {
  site: BuiltSite;
  server: SiteServer;
  browser: SiteBrowser;
}

/**
 * For a test file that only reads the site: the shared build (sharedSite) served on localhost and a
 * browser for it, set up before the file's tests (beforeAll) and ended after them (afterAll). The
 * object is filled in by the time the tests run.
 */
export function servedSharedSite(): ServedSite {
  const served = {} as ServedSite;
  beforeAll(async () => {
    served.site = await sharedSite();
    served.server = await serveBuiltSite(served.site.dir);
    served.browser = await launchSiteBrowser();
  }, 60_000);
  afterAll(async () => {
    await served.browser?.close();
    await served.server?.close();
  });
  return served;
}

/** The visitor page is ready when its network is drawn and its stream is live. */
export const VISITOR_READY = '#link[data-state="live"]';
/** The console is ready when its stream is live and the site panel names the rig. */
export const CONSOLE_READY = '#link[data-state="live"]';

/**
 * Waits until `fn` (run in the page, may be async) returns true: page.waitForFunction would take the
 * promise an async function returns as its (truthy) answer.
 */
export async function waitInPage(page: Page, fn: (arg: string) => Promise<boolean> | boolean, arg: string, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(fn, arg))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once the site's service worker of build `version` is active and its cache is the only one. */
export function waitForOfflineCopy(page: Page, version: string): Promise<void> {
  return waitInPage(
    page,
    async (v) => (await caches.keys()).join() === `neuroboard-site-${v}` && (await navigator.serviceWorker.getRegistration())?.active?.state === 'activated',
    version,
    `the service worker of build ${version} to be active with its cache`,
    30_000,
  );
}

/** axe-core's serious and critical violations on the page, as "id: target" lines. */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: readFileSync(AXE, 'utf8') });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run();
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export function removeSite(site: BuiltSite | undefined): void {
  if (site) rmSync(site.dir, { recursive: true, force: true });
}
