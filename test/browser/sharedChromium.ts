/**
 * One Debian Chromium per vitest worker, shared by the browser test files that run in it (isolate:
 * false shares a worker's module cache between its files). A launch costs about 2.8 s of CPU and
 * 1.5 s of wall time on these 2-core machines, and there are 31 browser test files.
 *
 * Each file still gets a browser of its own as far as a page can tell: a fresh context (cookies,
 * storage, IndexedDB, service workers, permissions, init scripts), which closes with its pages when
 * the file is done. Playwright ends the browser when the worker process exits.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let launched: Promise<Browser> | null = null;

async function browser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with: apt-get install -y chromium`);
  const running = launched ? await launched.catch(() => null) : null;
  if (running?.isConnected()) return running;
  // First use in this worker, or the last browser crashed or failed to start: a new one.
  launched = chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return launched;
}

/** A new context of the worker's Chromium: close it (and with it its pages) when the file is done. */
export async function newBrowserContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return (await browser()).newContext(options);
}

/** What a test may listen to on a page: left behind, a reused page would report into a test that is over. */
const PAGE_EVENTS = ['console', 'pageerror', 'requestfailed', 'request', 'response', 'dialog', 'popup', 'framenavigated'] as const;

export interface PagePool {
  /** A page of the context: one a test was done with, or a new one. */
  take(): Promise<Page>;
  /** Ends every page taken since the last call (afterEach), and keeps it for the next take. */
  releaseAll(): Promise<void>;
}

/**
 * A page a test is done with is emptied (about:blank, its listeners and routes gone) and kept for
 * the next test: a new page costs about a second of CPU (a renderer process, Playwright's set-up),
 * and the console's and visitor page's tests open a hundred and more. Emulated media and the
 * viewport stay as the last test left them: whoever takes a page sets what it needs. A page a test
 * closed itself is simply forgotten.
 */
export function pagePool(context: BrowserContext): PagePool {
  let taken: Page[] = [];
  const spare: Page[] = [];
  return {
    async take() {
      const page = spare.pop() ?? (await context.newPage());
      taken.push(page);
      return page;
    },
    async releaseAll() {
      const done = taken.filter((p) => !p.isClosed());
      taken = [];
      await Promise.all(
        done.map(async (page) => {
          for (const event of PAGE_EVENTS) page.removeAllListeners(event);
          await page.unrouteAll({ behavior: 'ignoreErrors' });
          await page.goto('about:blank'); // ends its event streams, so a server's close never waits on them
          spare.push(page);
        }),
      );
    },
  };
}
