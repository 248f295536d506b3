/**
 * One Debian Chromium per vitest worker, shared by the browser test files that run in it (isolate:
 * false shares a worker's module cache between its files). A launch costs about 2.8 s of CPU and
 * 1.5 s of wall time on these 2-core machines, and there are some forty browser test files.
 *
 * Each file still gets a browser of its own as far as a page can tell: a fresh context (cookies,
 * storage, IndexedDB, service workers, permissions, init scripts), which closes with its pages when
 * the file is done. Playwright ends the browser when the worker process exits.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

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
