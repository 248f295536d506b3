/**
 * Every exhibit in its own words on the visitor page, in real Chromium at 1920×1080 and 390×844:
 * the shipped rigs' title, board names and answer labels in German and French, and a rig made from
 * the docs (test/fixtures/vote/) in its two languages, its story's titles and captions included.
 * axe-core runs on each; screenshots (light and dark) go to the temp folder.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadRig, loadRigCorpus } from '../../src/hosts/node/exhibitFiles.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { BOARDS_DIR, PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import type { StoryClock } from '../../src/runtime/story/player.js';
import { axeViolations, launchVisitorBrowser, serveExhibit, SIZES, type Served, type VisitorBrowser } from './visitorHarness.js';

let browser: VisitorBrowser;
beforeAll(async () => {
  browser = await launchVisitorBrowser();
});
afterEach(async () => browser.closePages());
afterAll(async () => browser?.close());

/**
 * A rig file served with its own corpus and story, the story only when asked for (no attract loop),
 * its timers 20 times slower than the wall clock so act 1 stays on screen while the pages open.
 */
async function serveRig(path: string): Promise<Served> {
  const loaded = await loadRig(path);
  const corpus = await loadRigCorpus(loaded.rig, path);
  const slow: StoryClock = { speed: 0.05, setTimeout: (fn, ms) => nodeScheduler.setTimeout(fn, ms / 0.05), clearTimeout: (h) => nodeScheduler.clearTimeout(h) };
  return serveExhibit({ ...loaded.rig, visitors: { ...loaded.rig.visitors, attract: false } }, corpus, { story: loaded.story, storyClock: slow });
}

/** What the page shows of the rig's own words. */
async function shownWords(page: Page): Promise<{ title: string; tab: string; boards: string[]; labels: string[] }> {
  return page.evaluate(() => ({
    title: document.getElementById('title')?.textContent ?? '',
    tab: document.title,
    boards: [...document.querySelectorAll('#network .board-name')].map((n) => n.textContent ?? ''),
    labels: [...document.querySelectorAll('#network .node .label')].map((n) => n.textContent ?? ''),
  }));
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(tmpdir(), `nb-words-${name}.png`) });

describe('the shipped rigs in German and French', () => {
  const expected = {
    xor: {
      de: { title: 'XOR: Ist genau ein Knopf an?', boards: ['Eingang A', 'Eingang B', 'verborgene Schicht', 'Antwort'], answer: 'ja' },
      fr: { title: 'XOR\u00a0: un seul bouton est-il allumé\u202f?', boards: ['entrée A', 'entrée B', 'couche cachée', 'réponse'], answer: 'oui' },
    },
    digits7: {
      de: { title: 'Welche Ziffer ist das? Sieben Segmente, zehn Antworten', boards: ['Segmente a-g', 'verborgen h1-h4', 'verborgen h5-h8', 'Ziffern 0-7', 'Ziffern 8-9'], answer: '9' },
      fr: { title: 'Quel chiffre est-ce\u202f? Sept segments, dix réponses', boards: ['segments a-g', 'cachés h1-h4', 'cachés h5-h8', 'chiffres 0-7', 'chiffres 8-9'], answer: '9' },
    },
  } as const;

  for (const rig of ['xor', 'digits7'] as const) {
    describe(rig, () => {
      let served: Served;
      beforeAll(async () => {
        served = await serveRig(join(BOARDS_DIR, 'rigs', `${rig}.json`));
      });
      afterAll(async () => served?.server.close());

      it.each(SIZES)('%s: title, board names and labels in de and fr, English again in en; no axe violations', async (size, viewport) => {
        for (const lang of ['de', 'fr'] as const) {
          const { page, errors } = await browser.open(served.server.url, { viewport, query: `?lang=${lang}`, colorScheme: lang === 'de' ? 'light' : 'dark' });
          const want = expected[rig][lang];
          await page.waitForFunction((title) => document.getElementById('title')?.textContent === title, want.title);
          const words = await shownWords(page);
          expect([...new Set(words.boards)]).toEqual(want.boards);
          expect(words.tab).toBe(`${want.title} · neuroboard`);
          expect(words.labels.at(-1)).toBe(want.answer);
          if (rig === 'digits7') expect(words.labels.slice(7, 15)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8']);
          expect(await axeViolations(page)).toEqual([]);
          await shot(page, `${rig}-${lang}-${size}`);
          expect(errors).toEqual([]);
          // One touch back to English: the rig's words follow the page's language.
          await page.click('button[data-lang="en"]');
          await page.waitForFunction(() => /^(XOR: is exactly|Which digit)/.test(document.getElementById('title')?.textContent ?? ''));
          expect((await shownWords(page)).boards[0]).toBe(rig === 'xor' ? 'input A' : 'segments a-g');
        }
      });
    });
  }
});

describe('a rig made from the docs, in its own two languages (test/fixtures/vote)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveRig(join(PACKAGE_ROOT, 'test', 'fixtures', 'vote', 'vote-rig.json'));
  });
  afterAll(async () => served?.server.close());

  const words = {
    en: { title: 'Do at least two of three say yes?', boards: ['voter A', 'voter B', 'voter C', 'counting and result'], answer: 'majority', act: 'One neuron can count votes', captions: ['One neuron learns: yes when two or three voters say yes.', 'It got every vote right. Watch each one.'] },
    de: { title: 'Sagen mindestens zwei von dreien ja?', boards: ['Stimme A', 'Stimme B', 'Stimme C', 'Zählen und Ergebnis'], answer: 'Mehrheit', act: 'Ein Neuron kann Stimmen zählen', captions: ['Ein Neuron lernt: ja, wenn zwei oder drei Stimmen ja sagen.', 'Es zählt jede Abstimmung richtig. Sieh dir jede an.'] },
  };

  it.each(SIZES)("%s: its title, boards, labels, and its story's act title and caption, in English and in German; French falls back to English", async (size, viewport) => {
    const res = await fetch(new URL('/api/story/play', served.server.url), { method: 'POST' });
    expect(res.status).toBe(200);
    try {
      for (const lang of ['en', 'de'] as const) {
        const { page, errors } = await browser.open(served.server.url, { viewport, query: `?lang=${lang}`, colorScheme: lang === 'en' ? 'light' : 'dark' });
        const want = words[lang];
        await page.waitForFunction((title) => document.getElementById('story-title')?.textContent === title, want.act);
        const shown = await shownWords(page);
        expect(shown.title).toBe(want.title);
        expect([...new Set(shown.boards)]).toEqual(want.boards);
        expect(shown.labels).toEqual(['A', 'B', 'C', 'h1', 'h2', want.answer]);
        expect(want.captions).toContain(await page.textContent('#story-caption')); // act 1 learns the vote in a moment
        expect(await axeViolations(page)).toEqual([]);
        await shot(page, `vote-${lang}-${size}`);
        expect(errors).toEqual([]);
      }
      // French: the page's own words in French, the rig's (which has none in French) in its default English.
      const { page } = await browser.open(served.server.url, { viewport, query: '?lang=fr' });
      await page.waitForFunction((title) => document.getElementById('story-title')?.textContent === title, words.en.act);
      expect((await shownWords(page)).title).toBe(words.en.title);
    } finally {
      await fetch(new URL('/api/story/stop', served.server.url), { method: 'POST' });
    }
  });
});
