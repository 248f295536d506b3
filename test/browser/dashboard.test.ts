/**
 * The dashboard in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against a
 * real server on 127.0.0.1 with an exhibit on scripted boards.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Corpus } from '../../src/core/corpus.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig, waitFor } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { newBrowserContext } from './sharedChromium.js';

let context: BrowserContext;

beforeAll(async () => {
  context = await newBrowserContext({ viewport: { width: 1280, height: 900 } });

});

afterAll(async () => {
  await context?.close();
});

interface Served {
  server: RunningServer;
  exhibit: Exhibit;
}

async function serve(corpus: Corpus, trainOnStart: boolean): Promise<Served> {
  const rig = await testRig({});
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...rig, training: { ...rig.training, trainOnStart } }, source: new ScriptedSource(), corpus });
  const server = await startServer({ exhibit, port: 0, handleSignals: false });
  await waitFor(() => !exhibit.trainingStatus.running, 'training on start to finish', 20_000);
  return { server, exhibit };
}

/** A page that records console errors and uncaught exceptions. */
async function openDashboard(url: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => !r.url().includes('/api/events') && errors.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector('#link[data-state="live"]');
  await page.waitForSelector('.board');
  return { page, errors };
}

describe('dashboard on a trained XOR exhibit', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(classicCorpus('xor'), true);
  });
  afterAll(async () => served?.server.close());

  it('loads with no console errors and shows the network, the four boards and the corpus', async () => {
    const { page, errors } = await openDashboard(served.server.url);
    expect(await page.textContent('#rig-title')).toMatch(/XOR/);
    expect(await page.locator('#diagram .node').count()).toBe(6);
    expect(await page.locator('#diagram .edge').count()).toBe(2 * 3 + 3 * 1);
    expect(await page.locator('.board').count()).toBe(4);
    await page.waitForSelector('#corpus li >> nth=3');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("pressing input A's button in the page lights the output node (XOR of 1 and 0 is 1)", async () => {
    const { page, errors } = await openDashboard(served.server.url);
    expect(await page.getAttribute('#node-2-0', 'data-fired')).toBe('false');
    await page.click('button.press[data-board="a0000001"]');
    await page.waitForSelector('#node-2-0[data-fired="true"]', { timeout: 5000 });
    expect(Number(await page.getAttribute('#node-2-0', 'data-activation'))).toBeGreaterThan(0.5);
    expect(served.exhibit.state().inputs).toEqual([1, 0]);
    // the input board's LED shows on in the boards panel
    await page.waitForFunction(() => document.querySelector('.board[data-id="a0000001"] .bars small')?.textContent?.includes('sent 255'));
    // pressing it again (latching) turns the input off and the answer with it
    await page.click('button.press[data-board="a0000001"]');
    await page.waitForSelector('#node-2-0[data-fired="false"]', { timeout: 5000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('teach mode: the form adds an example, and the list shows it', async () => {
    const { page, errors } = await openDashboard(served.server.url);
    await page.waitForSelector('#corpus li >> nth=3');
    const inputs = page.locator('#teach-inputs input');
    await inputs.nth(0).fill('0.5');
    await inputs.nth(1).fill('0.25');
    await page.locator('#teach-targets input').first().fill('1');
    await page.fill('#teach-label', 'from the browser');
    await page.click('#teach-add');
    await page.waitForSelector('#corpus li >> nth=4');
    expect(await page.textContent('#corpus li:nth-child(5)')).toContain('0.50, 0.25 → 1');
    expect(await page.textContent('#corpus li:nth-child(5)')).toContain('from the browser');
    expect(await page.textContent('#teach-result')).toMatch(/added as example 5 of 5/);
    expect(served.exhibit.corpus.size).toBe(5);
    await served.exhibit.stopTraining();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a phone and a laptop screen (no sideways scrolling); screenshots go to the temp folder', async () => {
    for (const [name, viewport] of [['phone', { width: 390, height: 844 }], ['laptop', { width: 1366, height: 860 }]] as const) {
      const { page, errors } = await openDashboard(served.server.url, viewport);
      await page.waitForSelector('#corpus li');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name}: page wider than the screen by ${overflow}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(tmpdir(), `neuroboard-dashboard-${name}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});

/**
 * 900 points of a disc with one label in ten flipped: a 2-3-1 network gets closer and closer but can
 * never be perfect, so the run goes on (for seconds, with a falling loss) until someone presses Stop.
 */
function noisyDisc(): Corpus {
  const examples = [];
  for (let i = 0; i < 30; i++) {
    for (let j = 0; j < 30; j++) {
      const [x, y] = [i / 29, j / 29];
      const inside = (x - 0.5) ** 2 + (y - 0.5) ** 2 < 0.1;
      const flipped = (i * 7 + j * 13) % 10 === 0;
      examples.push({ inputs: [x, y], targets: [inside !== flipped ? 1 : 0] });
    }
  }
  return new Corpus(2, 1, examples);
}

describe('dashboard training', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(noisyDisc(), false);
  });
  afterAll(async () => served?.server.close());

  it('Start trains by trial and error: the loss curve falls, tried/kept per second show, Stop stops it', async () => {
    const { page, errors } = await openDashboard(served.server.url);
    await page.selectOption('#train-method', 'trial-and-error');
    await page.click('#train-start');
    await page.waitForSelector('#train-status[data-running="true"]');
    await page.waitForFunction(() => {
      const { points, firstLoss, lastLoss } = document.getElementById('loss-chart')!.dataset;
      return Number(points) >= 5 && Number(lastLoss) < Number(firstLoss);
    }, undefined, { timeout: 15_000 });
    await page.waitForFunction(() => /tried [\d,]+\/s, kept [\d,]+\/s/.test(document.getElementById('train-status')?.textContent ?? ''));
    expect(await page.locator('#loss-chart canvas').count()).toBe(1);
    expect(served.exhibit.trainingStatus.running).toBe(true);
    await page.click('#train-stop');
    await page.waitForSelector('#train-status[data-running="false"]');
    expect(await page.textContent('#train-status')).toMatch(/stopped/);
    expect(served.exhibit.trainingStatus.running).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});
