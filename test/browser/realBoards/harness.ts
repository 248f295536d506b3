/**
 * Opens the real-boards page (realBoardsPage.ts: the console's "Connect boards" and "Flash a board"
 * panels over an exhibit in the page) in Chromium, with the fake navigator.serial (realBoardsInit.ts)
 * or, with `webSerial: false`, none at all (a browser without Web Serial). Shared by the real-boards
 * test files, one browser per file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/hosts/node/paths.js';
import { bundleForBrowser, openBundledPage, type BundledPage } from '../bundledPage.js';
import type { FakeDeviceOptions } from '../webSerial/fakeWebSerial.js';
import type { RealBoardsChecks } from './realBoardsPage.js';

const HERE = join(PACKAGE_ROOT, 'test', 'browser', 'realBoards');
const served = (path: string, type: string): { type: string; body: string } => ({ type, body: readFileSync(join(PACKAGE_ROOT, path), 'utf8') });
const JS = 'text/javascript; charset=utf-8';

const HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="dark light">
  <title>neuroboard: real boards</title>
  <link rel="stylesheet" href="/console/style.css">
</head>
<body>
  <header><h1><span class="brand">neuroboard</span> real boards</h1></header>
  <main>
    <section id="real-panel" class="panel"></section>
    <section id="flash-panel" class="panel"></section>
  </main>
  <script type="module" src="/page.js"></script>
  <script type="module" src="/panels.js"></script>
</body>
</html>`;

export async function openRealBoardsPage(options: { webSerial: boolean }): Promise<BundledPage> {
  const [init, scripts] = await Promise.all([
    options.webSerial ? bundleForBrowser({ init: join(HERE, 'realBoardsInit.ts') }, 'iife') : Promise.resolve({} as Record<string, string>),
    bundleForBrowser({ page: join(HERE, 'realBoardsPage.ts') }),
  ]);
  return openBundledPage({
    html: HTML,
    scripts,
    files: {
      '/panels.js': served('test/browser/realBoards/panels.js', JS),
      '/console/js/realBoards.js': served('dashboard/console/js/realBoards.js', JS),
      '/console/js/flashBoard.js': served('dashboard/console/js/flashBoard.js', JS),
      '/kit/dom.js': served('dashboard/kit/dom.js', JS),
      '/console/style.css': served('dashboard/console/style.css', 'text/css; charset=utf-8'),
    },
    // Chromium has Web Serial on 127.0.0.1: a browser without it (Firefox, Safari) is one where it is gone.
    initScripts: options.webSerial ? [init['init']!] : ['delete Navigator.prototype.serial;'],
    ready: '() => globalThis.__panelsMounted === true && globalThis.__realBoards !== undefined',
  });
}

/** Runs a check of realBoardsPage.ts in the page. */
export function inPage<K extends keyof RealBoardsChecks>(page: BundledPage['page'], name: K): Promise<Awaited<ReturnType<RealBoardsChecks[K]>>> {
  return page.evaluate((n) => (globalThis as unknown as { __realBoards: Record<string, () => unknown> }).__realBoards[n]!(), name) as Promise<Awaited<ReturnType<RealBoardsChecks[K]>>>;
}

/** Plugs an emulated board into the fake USB (kept across reloads). */
export function plug(page: BundledPage['page'], device: FakeDeviceOptions): Promise<void> {
  return page.evaluate((d) => {
    (globalThis as unknown as { __fakeSerial: { plug(o: unknown): unknown } }).__fakeSerial.plug(d);
  }, device);
}

/** The fake's devices by index: unplug, replug, press, the LED level measured on channel 0. */
export function device(page: BundledPage['page'], index: number, action: 'unplug' | 'replug' | 'press' | 'release' | 'led'): Promise<number | null> {
  return page.evaluate(
    ([i, a]) => {
      const d = (globalThis as unknown as { __fakeSerial: { devices: Record<string, (ch?: number) => unknown>[] } }).__fakeSerial.devices[i as number]!;
      const result = a === 'led' ? d['ledLevel']!.call(d, 0) : d[a as string]!.call(d, 0);
      return typeof result === 'number' ? result : null;
    },
    [index, action] as const,
  );
}
