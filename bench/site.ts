/**
 * The static site's figures (issue 21), measured on this machine: the site built by
 * scripts/build-web.mjs, served by scripts/serve-web.mjs on http://localhost, in headless Chromium.
 *
 * - Cold load to the visitor page's first press button, from navigation start to the first press
 *   button on the page (and, beside it, to the first one that works: its board has booted behind its
 *   bootloader). Cold: a fresh browser context each time, so nothing of the site is cached, no service
 *   worker, nothing saved, in a browser that is already running, as a person's is when they open a
 *   link (median of 7; target ≤ 1.5 s). Printed beside it, harsher: each load in a browser launched
 *   for it just before, its own start-up still taking the 2 cores (median of 5).
 * - JavaScript the site ships, gzipped (level 9): every .js file of site/, with the firmware and
 *   bootloader images the worker carries counted apart (the worker built again with them empty).
 *   Target ≤ 300 kB without the images.
 * - The XOR act from a random guess: its learner (the stepper of the exhibit's watched run) run in
 *   the page on the rig as the site bundles it, and on Node (bench/pace.ts's actTries) in the same
 *   run, tries counted per seed over 100 seeds; time is tries ÷ the rig's pace, the exhibit's own
 *   clock, so it does not depend on how busy the machine is. Target ≥ 95/100 within 30 s, and the
 *   page's tries equal Node's seed by seed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { PACKAGE_ROOT } from '../src/hosts/node/paths.js';
import { bundleForBrowser, openBundledPage } from '../test/browser/bundledPage.js';
import { actTries } from './pace.js';
import { pathToFileURL } from 'node:url';

/** The site's build and server scripts, from the package (plain JavaScript, not compiled into dist/). */
interface SiteScripts {
  buildWeb(options: { out: string }): Promise<{ version: string }>;
  serveSite(dir: string): Promise<{ url: string; close(): Promise<void> }>;
}
async function siteScripts(): Promise<SiteScripts> {
  const load = (name: string): Promise<unknown> => import(pathToFileURL(join(PACKAGE_ROOT, 'scripts', name)).href);
  const [build, serve] = (await Promise.all([load('build-web.mjs'), load('serve-web.mjs')])) as [Pick<SiteScripts, 'buildWeb'>, Pick<SiteScripts, 'serveSite'>];
  return { buildWeb: build.buildWeb, serveSite: serve.serveSite };
}

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const round = (x: number, digits = 1): number => Number(x.toFixed(digits));
const kB = (bytes: number): number => round(bytes / 1000);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Gzipped JavaScript of the site, and of the worker with its hex images left empty. */
interface ShippedJs {
  files: number;
  totalGzipKB: number;
  /** The exhibit's worker (one file). */
  workersGzipKB: number;
  firmwareImagesGzipKB: number;
  withoutImagesGzipKB: number;
  pagesGzipKB: number;
}

/** Gzipped JavaScript of the site, and of its workers built again as build:web builds them but with the hex images empty. */
async function shippedJs(dir: string): Promise<ShippedJs> {
  const js = filesUnder(dir).filter((f) => f.endsWith('.js'));
  const gzip = (bytes: Uint8Array): number => gzipSync(bytes, { level: 9 }).length;
  const isWorker = (f: string): boolean => /[\\/]worker\.js$/.test(f);
  const total = js.reduce((n, f) => n + gzip(readFileSync(f)), 0);
  const workers = js.filter(isWorker).reduce((n, f) => n + gzip(readFileSync(f)), 0);
  const bare = await build({
    entryPoints: { worker: join(PACKAGE_ROOT, 'src/hosts/browser/exhibitWorker.ts') },
    bundle: true,
    outdir: 'out',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    plugins: [{ name: 'no-hex', setup: (b) => b.onLoad({ filter: /\.hex$/ }, () => ({ contents: '', loader: 'text' })) }],
  });
  const workersWithoutImages = bare.outputFiles.reduce((n, f) => n + gzip(f.contents), 0);
  return {
    files: js.length,
    totalGzipKB: kB(total),
    workersGzipKB: kB(workers),
    firmwareImagesGzipKB: kB(workers - workersWithoutImages),
    withoutImagesGzipKB: kB(total - workers + workersWithoutImages),
    pagesGzipKB: kB(total - workers),
  };
}

/** Marks, in the page, the first press button and the first one that works (its board booted). */
function markPressButtons(): void {
  const marks: Record<string, number> = {};
  (globalThis as unknown as { __marks: typeof marks }).__marks = marks;
  new MutationObserver(() => {
    if (marks.button === undefined && document.querySelector('#presses button')) marks.button = performance.now();
    if (marks.enabled === undefined && document.querySelector('#presses button:not([aria-disabled])')) marks.enabled = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

/** Loads the visitor page in `page`: navigation start to the first press button, and to the first working one. */
async function timeToPressButtons(page: Page, url: string): Promise<{ button: number; enabled: number }> {
  await page.addInitScript(markPressButtons);
  await page.goto(`${url}exhibit/`);
  await page.waitForFunction(() => (globalThis as unknown as { __marks: { enabled?: number } }).__marks.enabled !== undefined, undefined, { timeout: 30_000 });
  return await page.evaluate(() => (globalThis as unknown as { __marks: { button: number; enabled: number } }).__marks);
}

/** Cold loads in one running browser, each in a fresh context (no cache, service worker or storage). */
async function coldLoadsInRunningBrowser(url: string, count: number): Promise<{ button: number; enabled: number }[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000)); // its own start-up over
    const loads: { button: number; enabled: number }[] = [];
    for (let i = 0; i < count; i++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      try {
        loads.push(await timeToPressButtons(await context.newPage(), url));
      } finally {
        await context.close();
      }
    }
    return loads;
  } finally {
    await browser.close();
  }
}

/** One cold load in a browser launched for it just before, with a fresh profile. */
async function coldLoadWithBrowserStart(url: string): Promise<{ button: number; enabled: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'nb-site-bench-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1920, height: 1080 } });
  try {
    return await timeToPressButtons(context.pages()[0] ?? (await context.newPage()), url);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

export async function bench(log: (line: string) => void): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { loadAverageAtStart: loadavg().map((x) => round(x, 2)) };
  log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} cores (other processes skew the load times)`);
  const { buildWeb, serveSite } = await siteScripts();
  const dir = mkdtempSync(join(tmpdir(), 'nb-site-'));
  try {
    const built = await buildWeb({ out: dir });
    log(`built the site (version ${built.version}) into ${relative(PACKAGE_ROOT, dir) || dir}`);

    const js = await shippedJs(dir);
    result['javascript'] = { ...js, target: 300 };
    log(
      `JavaScript shipped, gzipped: ${js.withoutImagesGzipKB} kB without the firmware images (target ≤ 300 kB; pages ${js.pagesGzipKB} kB, ` +
        `workers ${round(js.workersGzipKB - js.firmwareImagesGzipKB)} kB), firmware and bootloader images ${js.firmwareImagesGzipKB} kB more; ${js.totalGzipKB} kB in all (${js.files} files)`,
    );

    const server = await serveSite(dir);
    try {
      const loads = await coldLoadsInRunningBrowser(server.url, 7);
      loads.forEach((l, i) => log(`cold load ${i + 1}: first press button at ${Math.round(l.button)} ms, working (its board booted) at ${Math.round(l.enabled)} ms`));
      const button = Math.round(median(loads.map((l) => l.button)));
      const enabled = Math.round(median(loads.map((l) => l.enabled)));
      const launched: { button: number; enabled: number }[] = [];
      for (let i = 0; i < 5; i++) launched.push(await coldLoadWithBrowserStart(server.url));
      const launchedButton = Math.round(median(launched.map((l) => l.button)));
      result['coldLoad'] = {
        firstPressButtonMs: button,
        firstWorkingPressButtonMs: enabled,
        runs: loads.map((l) => ({ button: Math.round(l.button), enabled: Math.round(l.enabled) })),
        withBrowserStartMs: launchedButton,
        withBrowserStartRuns: launched.map((l) => Math.round(l.button)),
        targetMs: 1500,
      };
      log(`cold load to the visitor page's first press button: median ${button} ms (target ≤ 1500 ms); to a working one: ${enabled} ms`);
      log(`  the same with the browser launched just before each load: median ${launchedButton} ms (${launched.map((l) => Math.round(l.button)).join(', ')})`);
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const scripts = await bundleForBrowser({ page: join(PACKAGE_ROOT, 'bench/site/xorActPage.ts') });
  const bundled = await openBundledPage({ html: '<!doctype html><title>xor act</title><script type="module" src="/page.js"></script>', scripts, ready: '() => typeof globalThis.__xorAct === "function"' });
  try {
    const LIMIT_S = 30;
    const inPage = (await bundled.page.evaluate(([s, l]) => (globalThis as unknown as { __xorAct(r: string, s: number, l: number): Promise<{ pace: number; tries: number[] }> }).__xorAct('xor', s, l), [100, LIMIT_S] as const)) as { pace: number; tries: number[] };
    const onNode = await actTries('xor', (pace) => pace * LIMIT_S * 4);
    const pageTries = inPage.tries.map((t) => (t < 0 ? Infinity : t));
    const within = pageTries.filter((t) => t / inPage.pace <= LIMIT_S).length;
    const same = pageTries.every((t, i) => t === onNode.tries[i]);
    const seconds = pageTries.map((t) => t / inPage.pace).sort((a, b) => a - b);
    result['xorAct'] = { pace: inPage.pace, limitS: LIMIT_S, withinLimit: within, medianS: round(seconds[49]!), p95S: round(seconds[94]!), sameTriesAsNode: same, target: 95 };
    log(
      `XOR act from a random guess, its learner in the page at ${inPage.pace} tries/s: ${within} of 100 seeds get every example right within ${LIMIT_S} s ` +
        `(median ${round(seconds[49]!)} s, 95th ${round(seconds[94]!)} s; target ≥ 95); the same tries as Node seed by seed: ${same ? 'yes' : 'NO'}`,
    );
    if (bundled.errors.length > 0) result['pageErrors'] = bundled.errors;
  } finally {
    await bundled.close();
  }
  return result;
}
