/**
 * One Chromium (Debian's) per test worker, shared by the browser test files that worker runs
 * (vitest's `isolate: false` keeps this module from file to file): each file gets a context of its
 * own, with its own storage, cache, service workers and permissions as a fresh profile would have,
 * without starting a browser of its own (1.4 s and a burst of processes on 2 cores, 40 times a run).
 * A browser that crashed or was closed is started again. A script that uses it (the benchmarks)
 * calls closeSharedChromium() at its end so that Node can exit.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let running: Promise<Browser> | null = null;

async function sharedChromium(): Promise<Browser> {
  const current = running ? await running.catch(() => null) : null;
  if (current?.isConnected()) return current;
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with: apt-get install -y chromium`);
  running = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return running;
}

/** A new context in the worker's Chromium: nothing saved, cached or granted from any other. */
export async function freshContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return (await sharedChromium()).newContext(options);
}

export async function closeSharedChromium(): Promise<void> {
  const current = running ? await running.catch(() => null) : null;
  running = null;
  await current?.close();
}
