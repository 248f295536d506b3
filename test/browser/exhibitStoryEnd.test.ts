/**
 * The story ends on the exhibit's own network (issue 19 item 7): on the visitor page, "Your turn"
 * draws the exhibit's own weights, and the press that hands over changes none of them under the
 * visitor's finger. Real Chromium, the XOR story on a clock 10 times faster, its invite made long.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import type { StoryClock } from '../../src/runtime/story/player.js';
import { launchVisitorBrowser, SCREEN, serveExhibit, type Served, type VisitorBrowser } from './visitorHarness.js';

let browser: VisitorBrowser;
let served: Served;
beforeAll(async () => {
  browser = await launchVisitorBrowser();
  const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  const story = structuredClone(loaded.story!);
  const invite = story.story.acts.at(-1)!.scenes.at(-1)!;
  if ('invite' in invite) invite.invite.ms = 600_000; // a minute of wall time to look at it
  const fast: StoryClock = { speed: 10, setTimeout: (fn, ms) => nodeScheduler.setTimeout(fn, ms / 10), clearTimeout: (h) => nodeScheduler.clearTimeout(h) };
  served = await serveExhibit({ ...loaded.rig, visitors: { ...loaded.rig.visitors, attract: false } }, classicCorpus('xor'), { story, storyClock: fast });
});
afterEach(async () => browser.closePages());
afterAll(async () => {
  await served?.server.close();
  await browser?.close();
});

describe('the end of the story on the visitor page', () => {
  it("your turn draws the exhibit's own weights, and the first press changes none of them", async () => {
    const own = served.exhibit.state().network.layers.flatMap((l) => l.weights.map(Number));
    const { page, errors } = await browser.open(served.server.url, { viewport: SCREEN });
    const drawn = () => page.$$eval('#network .edge', (paths) => paths.map((p) => Number((p as SVGPathElement).dataset.weight)));
    expect(await drawn()).toEqual(own);

    expect((await fetch(new URL('/api/story/play', served.server.url), { method: 'POST' })).status).toBe(200);
    await page.waitForSelector('#story-caption[data-key="story.hiddenLayer.learning"]', { timeout: 60_000 });
    await page.waitForSelector('#story-caption[data-key="story.yourTurn.invite"]', { timeout: 120_000 });
    // The story trained its own copy in act 2; at "your turn" the page draws the exhibit's own again.
    await page.waitForFunction((weights) => {
      const shown = [...document.querySelectorAll<SVGPathElement>('#network .edge')].map((p) => Number(p.dataset.weight));
      return shown.length === weights.length && shown.every((w, i) => w === weights[i]);
    }, own, { timeout: 5_000 });

    // The hand-over's training event makes the page fetch the state: the weights it then draws are still the same.
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/state'), { timeout: 10_000 });
    await page.click('#presses button >> nth=0'); // a visitor presses A
    await page.waitForFunction(() => document.body.dataset.story === 'visitor');
    await (await refreshed).finished();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    expect(await drawn()).toEqual(own);
    expect(served.exhibit.state().inputs).toEqual([1, 0]);
    expect(errors).toEqual([]);
  }, 240_000);
});
