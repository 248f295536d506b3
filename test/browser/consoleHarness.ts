/**
 * What the console's browser tests share: Debian's Chromium driven by playwright-core, an exhibit on
 * scripted boards behind a real server on 127.0.0.1, and a page that records its errors.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { classicCorpus } from '../../src/core/corpora.js';
import type { Corpus } from '../../src/core/corpus.js';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { waitFor } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { newBrowserContext, pagePool } from './sharedChromium.js';

/** The console's window when a test names no size. */
const CONSOLE_SIZE = { width: 1280, height: 900 };

export interface Browser {
  context: BrowserContext;
  /** Ends the pages openConsole opened since the last call (afterEach), keeping them for the next (pagePool). */
  closePages(): Promise<void>;
  /** A page of the context, from the pool; closePages ends it. */
  takePage(): Promise<Page>;
  close(): Promise<void>;
}

/** A browser context of its own (sharedChromium.ts); bypassCSP so axe-core can be injected into the page. */
export async function launch(): Promise<Browser> {
  const context = await newBrowserContext({ viewport: CONSOLE_SIZE, bypassCSP: true });
  const pages = pagePool(context);
  return { context, closePages: () => pages.releaseAll(), takePage: () => pages.take(), close: () => context.close() };
}

export interface Served {
  server: RunningServer;
  exhibit: Exhibit;
  source: ScriptedSource;
}

export interface ServeOptions {
  /** A shipped rig, or majority3: the 3-input test fixture (test/fixtures/rigs/majority3.json). */
  rig?: 'xor' | 'digits7' | 'majority3';
  corpus?: Corpus;
  trainOnStart?: boolean;
  port?: number;
  /** The LED level "measured" on each channel is the level the board was last sent (as on a simulated board). */
  measured?: boolean;
}

const rigs = new Map<string, ResolvedRig>();

/** A server on 127.0.0.1 with an exhibit of the rig on scripted boards, no cascade delay. */
export async function serve(options: ServeOptions = {}): Promise<Served> {
  const name = options.rig ?? 'xor';
  const file = name === 'majority3' ? join(PACKAGE_ROOT, 'test/fixtures/rigs/majority3.json') : join(BOARDS_DIR, `rigs/${name}.json`);
  if (!rigs.has(name)) rigs.set(name, (await loadRig(file)).rig);
  const rig = rigs.get(name)!;
  const source = new ScriptedSource();
  if (options.measured) source.measuredLevel = ((id: string, channel: number) => source.led(id, channel) ?? 0) as never;
  const corpus = options.corpus ?? classicCorpus(name === 'digits7' ? 'seven-segment' : name);
  const exhibit = new Exhibit({
    scheduler: nodeScheduler,
    rig: { ...rig, cascade: { ...rig.cascade, stepDelayMs: 0 }, training: { ...rig.training, trainOnStart: options.trainOnStart ?? false } },
    source,
    corpus,
  });
  const server = await startServer({ exhibit, port: options.port ?? 0, handleSignals: false });
  await waitFor(() => !exhibit.trainingStatus.running, 'training on start to finish', 30_000);
  return { server, exhibit, source };
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

/** A console page, live and showing its boards, that records console errors and uncaught exceptions. */
export async function openConsole(browser: Browser, url: string, options: OpenOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.takePage();
  await page.setViewportSize(options.viewport ?? CONSOLE_SIZE);
  await page.emulateMedia({ colorScheme: options.colorScheme ?? 'light', reducedMotion: null });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('#link[data-state="live"]');
  await page.waitForSelector('.board');
  return { page, errors };
}

const require = createRequire(import.meta.url);

/** axe-core's serious and critical violations on the page, as "rule: target (summary)" lines. */
export async function seriousA11yProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${n.failureSummary.replace(/\s+/g, ' ')})`));
}
