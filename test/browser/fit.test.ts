/**
 * The visitor page fits the screens it is made for (issue 19 items 4 and 5, and item 6's board drawn
 * once), in real Chromium: on a 1920×1080 screen beside the boards and on a 1280×720 one, every
 * state (nobody there, every scene of the story, a press, learning with every example right, a press
 * while it learns) fits the window with no scrolling, in English, German and French; on a 390×844
 * phone the buttons and the answer are on the first screen in every state, and tapping a drawn input
 * node presses it. Both shipped rigs and a third shape (test/fixtures/rigs/majority3.json: three
 * inputs with longer names, hidden and answer on one Mega) are measured. The story waits at each
 * scene until the test has shown it in every language, and each page measures itself after every
 * change of its DOM, so no state passes unmeasured between two looks from the test.
 *
 * Set FIT_SHOTS to a folder to get a screenshot of every page at each step (to look at them).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus, type ClassicCorpusName } from '../../src/core/corpora.js';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { waitFor } from '../server/exhibitForTests.js';
import { heldClock, launchVisitorBrowser, PHONE, SCREEN, serveExhibit, type Served, type VisitorBrowser } from './visitorHarness.js';

const SMALL_SCREEN = { width: 1280, height: 720 };
const ENGLISH = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'dashboard/exhibit/i18n/en.json'), 'utf8')) as Record<string, string>;
const LANGUAGES = ['en', 'de', 'fr'] as const;
const SHOTS = process.env['FIT_SHOTS'];

let browser: VisitorBrowser;
beforeAll(async () => {
  browser = await launchVisitorBrowser({ hasTouch: true });
});
afterEach(async () => browser.closePages());
afterAll(async () => browser?.close());

interface Sample {
  /** What the page showed: the story's act and caption, or the visitor's page and whether it learns. */
  state: string;
  lang: string;
  width: number;
  height: number;
  viewport: string;
  /** Beyond the window: the document's overflow, or (on a phone) the buttons or the answer below the first screen. */
  problems: string[];
}

/**
 * Measures the page now and after every change of its DOM: whether the document is larger than the
 * window (screens), or whether the buttons and the answer end below the first screen (phones).
 */
async function measureAlways(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { samples: Sample[]; sample: () => void; paused: boolean };
    w.samples = [];
    w.paused = false;
    const phone = window.innerWidth < 600;
    w.sample = () => {
      if (w.paused) return; // a full-page screenshot resizes the window for a moment
      const doc = document.documentElement;
      const story = document.getElementById('story')!;
      const state = story.hidden
        ? `visitor, ${document.getElementById('tally')!.dataset.running === 'true' ? 'learning' : 'not learning'}, caption "${(document.getElementById('caption')!.textContent ?? '').slice(0, 40)}…"`
        : `story act ${story.dataset.act}, ${document.getElementById('story-caption')!.dataset.key}`;
      const problems: string[] = [];
      if (doc.scrollWidth > window.innerWidth) problems.push(`${doc.scrollWidth} px wide`);
      if (phone) {
        // the first screen: where each ends with the page scrolled to the top
        for (const id of ['presses', 'answer']) {
          const bottom = document.getElementById(id)!.getBoundingClientRect().bottom + window.scrollY;
          if (bottom > window.innerHeight) problems.push(`#${id} ends at ${Math.round(bottom)} px`);
        }
      } else if (doc.scrollHeight > window.innerHeight) {
        problems.push(`${doc.scrollHeight} px tall`);
      }
      w.samples.push({ state, lang: doc.lang, width: doc.scrollWidth, height: doc.scrollHeight, viewport: `${window.innerWidth}×${window.innerHeight}`, problems });
    };
    w.sample();
    // At most one measurement a tenth of a second, and always one after the last change: measuring
    // after each of the many changes a second that learning makes would keep the page too busy.
    let last = 0;
    let timer: number | null = null;
    const soon = () => {
      if (timer !== null) return;
      timer = window.setTimeout(() => {
        timer = null;
        last = performance.now();
        w.sample();
      }, Math.max(0, 100 - (performance.now() - last)));
    };
    new MutationObserver(soon).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Polls an asynchronous check until it holds, or fails naming what it waited for. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const samples = (page: Page): Promise<Sample[]> => page.evaluate(() => (window as unknown as { samples: Sample[] }).samples);

/** The rigs measured: both shipped ones and the three-input fixture, each with its story. */
const RIGS: Array<{ name: string; file: string; corpus: ClassicCorpusName; acts: number }> = [
  { name: 'xor', file: join(BOARDS_DIR, 'rigs/xor.json'), corpus: 'xor', acts: 3 },
  { name: 'digits7', file: join(BOARDS_DIR, 'rigs/digits7.json'), corpus: 'seven-segment', acts: 2 },
  { name: 'majority3', file: join(PACKAGE_ROOT, 'test/fixtures/rigs/majority3.json'), corpus: 'majority3', acts: 3 },
];

describe.each(RIGS)('the visitor page of $name fits its screens', ({ name, file, corpus, acts }) => {
  let served: Served;
  let time: ReturnType<typeof heldClock>;
  /** The scene the story is on (act:scene), and the one the test measured last. */
  let scene = '';
  beforeAll(async () => {
    const loaded = await loadRig(file);
    // No training on start: the story learns from a random guess anyway, and the layout does not
    // depend on how well the network answers.
    const rig = { ...loaded.rig, training: { ...loaded.rig.training, trainOnStart: false }, visitors: { ...loaded.rig.visitors, attract: false } };
    // Fast: every scene but a learn scene is held until measured, so speed only hurries the learning.
    time = heldClock(50);
    served = await serveExhibit(rig, classicCorpus(corpus), { story: loaded.story, storyClock: time.clock });
    // Each new scene waits (its timers held) until the test has measured it in every language.
    served.exhibit.on('story', (s) => {
      const next = s.playing && s.act && s.scene ? `${s.act.index + 1}:${s.scene.index}:${s.scene.caption}` : '';
      if (next && next !== scene) time.hold();
      scene = next;
    });
  });
  afterAll(async () => {
    time?.release();
    await served?.exhibit.stopTraining();
    await served?.server.close();
  });

  it('idle, every scene of the story, a press, learning, a press while it learns: no scrolling on 1920×1080 and 1280×720; on a phone the buttons and the answer on the first screen; en, de, fr', async () => {
    // One page per size (a browser opens at most six streams to one server): each is measured in
    // every language at every step, and after every change in between.
    const pages: Array<{ label: string; page: Page; errors: string[] }> = [];
    for (const [label, viewport] of [['1920×1080', SCREEN], ['1280×720', SMALL_SCREEN], ['390×844', PHONE]] as const) {
      const { page, errors } = await browser.open(served.server.url, { viewport });
      await measureAlways(page);
      pages.push({ label, page, errors });
    }
    const [first] = pages;
    const everyPage = (selector: string, timeout = 30_000) => Promise.all(pages.map(({ page }) => page.waitForSelector(selector, { state: 'attached', timeout })));
    /** Every page in German, French, then English again (a visitor's touch), a screenshot of each if asked. */
    const everyLanguage = async (step: string) => {
      for (const lang of ['de', 'fr', 'en'] as const) {
        await Promise.all(pages.map(async ({ page }) => {
          await page.locator(`button[data-lang="${lang}"]`).dispatchEvent('click');
          await page.waitForSelector(`html[lang="${lang}"]`, { state: 'attached' });
          await page.evaluate(() => (window as unknown as { sample: () => void }).sample());
        }));
        if (SHOTS) {
          mkdirSync(SHOTS, { recursive: true });
          for (const { label, page } of pages) {
            await page.evaluate(() => ((window as unknown as { paused: boolean }).paused = true));
            await page.screenshot({ path: join(SHOTS, `${name}-${label}-${lang}-${step}.png`), fullPage: true });
            await page.evaluate(() => ((window as unknown as { paused: boolean }).paused = false));
          }
        }
      }
    };
    await everyLanguage('idle');
    // Every board drawn once, named once: also the Mega that carries two layers (majority3).
    const boardNames = served.exhibit.state().boards.map((b) => b.name).sort();
    for (const { label, page } of pages) {
      expect((await page.locator('#network .board-name').allTextContents()).sort(), label).toEqual(boardNames);
      expect(await page.locator('#network .board-box').count(), label).toBe(boardNames.length);
      // a hidden neuron's name never reads as an answer (digits7's answers are digits)
      const hidden = await page.locator('#network .node:not([data-layer="0"]) text.label').evaluateAll((ts, last) => ts.filter((t) => t.closest('.node')!.getAttribute('data-layer') !== String(last)).map((t) => t.textContent), served.exhibit.state().rig.layers.length - 1);
      expect(hidden.filter((name) => /^\d+$/.test(name ?? '')), label).toEqual([]);
      // a visitor's screen never leads to the staff console (it is at /)
      expect(await page.locator('a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname).filter((p) => !p.startsWith('/exhibit'))), label).toEqual([]);
    }

    // The story: every scene of every act, until it starts again from the first.
    expect((await fetch(new URL('/api/story/play', served.server.url), { method: 'POST' })).status).toBe(200);
    let measured = '';
    for (;;) {
      await waitFor(() => scene !== '' && scene !== measured, `the scene after ${measured || 'the start'}`, 90_000);
      if (measured.startsWith(`${acts}:`) && scene.startsWith('1:')) break;
      measured = scene;
      const [act, index, caption] = measured.split(':');
      // A learn scene goes on while the story's timers are held: it may end before the pages show it.
      const shown = async () => (await Promise.all(pages.map(({ page }) => page.getAttribute('#story-caption', 'data-key')))).every((key) => key === caption);
      await until(async () => scene !== measured || (await shown()), `every page showing ${measured}`);
      // A scene that ends on its own (a learn scene), before or while it is measured, leaves the next
      // one held: that one is measured next, and only a scene still on is let go.
      if (scene === measured) await everyLanguage(`act${act}-scene${index}`);
      if (scene === measured) time.release();
    }

    // A press hands the exhibit over; every page tells it up to the answer.
    await first!.page.locator('#presses button').first().dispatchEvent('click');
    await everyPage('#story[hidden]');
    await everyPage('#answer[data-kind]:not([data-kind=""])');
    await everyLanguage('pressed');

    // Learning from a random guess; then every example right and still learning (the longest
    // tally); then a press while it learns (the longest caption with it).
    await first!.page.locator('#restart').dispatchEvent('click');
    await everyPage('#tally[data-running="true"]');
    // slow, so that it is still learning while every page is shown in every language
    await served.exhibit.setPace(1);
    // what was said about the network it forgot is gone; while it learns it says how many are right
    const caption = () => first!.page.textContent('#caption');
    await until(async () => (await caption()) === ENGLISH['caption.restarted'], 'the caption after Start again').catch(async (e: Error) => {
      throw new Error(`${e.message}; it says: ${await caption()}`);
    });
    await first!.page.waitForFunction(() => / of \d+ examples right\. How wrong it still is: /.test(document.getElementById('tally')!.textContent ?? ''));
    await everyLanguage('learning');
    const size = served.exhibit.state().corpus.size;
    // (the real tries go on beside it: it is sent until every page has shown it)
    const allRight = { tried: 40, kept: 9, changed: [0], before: 0.02, after: 0.03, outcome: 'undone' as const, loss: 0.02, correct: size, total: size };
    await until(async () => {
      served.exhibit.emit('try', allRight);
      return (await Promise.all(pages.map(({ page }) => page.isVisible('#tally-note')))).every(Boolean);
    }, 'every page saying every example is right');
    const captions = await Promise.all(pages.map(({ page }) => page.textContent('#caption')));
    await first!.page.locator('#presses button').nth(1).dispatchEvent('click');
    // the press told up to its answer, on every page
    await Promise.all(pages.map(({ page }, i) => page.waitForFunction((before) => {
      const caption = document.getElementById('caption')!;
      return caption.textContent !== before && Number(caption.dataset.step) >= 3;
    }, captions[i])));
    await everyLanguage('pressed-learning');
    await served.exhibit.stopTraining();
    await everyPage('#tally[data-running="false"]');
    await everyLanguage('learned');

    const seen = await Promise.all(pages.map(async ({ label, page }) => ({ label, samples: await samples(page) })));
    const problems = seen.flatMap(({ label, samples }) => samples.filter((s) => s.problems.length > 0).map((s) => `${label} ${s.lang}, ${s.state}: ${s.problems.join(', ')}`));
    expect([...new Set(problems)]).toEqual([]);
    // every act was measured in every language on every page, and so was learning
    for (const { label, samples } of seen) {
      for (const lang of LANGUAGES) {
        for (let act = 1; act <= acts; act++) expect(samples.some((s) => s.lang === lang && s.state.startsWith(`story act ${act},`)), `${label} ${lang}: act ${act}`).toBe(true);
        expect(samples.some((s) => s.lang === lang && s.state.startsWith('visitor, learning')), `${label} ${lang}: learning`).toBe(true);
      }
    }
    console.log(`${name}: ${seen.reduce((n, s) => n + s.samples.length, 0)} measurements; tallest: ${seen.map(({ label, samples }) => `${label} ${Math.max(...samples.map((s) => s.height))}`).join(', ')}`);

    // A phone: tapping the first input node in the drawing presses that input.
    const phone = pages.at(-1)!.page;
    const before = served.exhibit.state().inputs[0]!;
    await phone.locator('#node-0-0').tap();
    await phone.waitForSelector(`#presses button[data-node="0"][aria-pressed="${before >= 0.5 ? 'false' : 'true'}"]`);
    for (const { label, errors } of pages) expect(errors, label).toEqual([]);
  }, SHOTS ? 900_000 : 240_000); // a full-page screenshot of every page at every step takes minutes
});
