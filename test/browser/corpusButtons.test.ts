/** The staff console's corpus buttons in real Chromium: remove one example, reset to the rig's. */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { newBrowserContext } from './sharedChromium.js';

let context: BrowserContext;
let server: RunningServer;
let exhibit: Exhibit;

beforeAll(async () => {
  context = await newBrowserContext({ viewport: { width: 1280, height: 900 } });
  exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource(), corpus: classicCorpus('xor') });
  server = await startServer({ exhibit, port: 0, handleSignals: false });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await context?.close();
});

describe('dashboard corpus buttons', () => {
  it('✕ removes that example, and "Reset examples" (confirmed) brings back the rig\'s four', async () => {
    await exhibit.teach({ inputs: [0.5, 0.5], targets: [1], label: 'taught' });
    await exhibit.stopTraining();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(server.url);
    await page.waitForSelector('#corpus[data-size="5"]');

    await page.click('#corpus li[data-index="1"] button.remove');
    await page.waitForSelector('#corpus[data-size="4"]');
    expect(exhibit.corpus.examples.map((e) => e.inputs.join())).toEqual(['0,0', '1,0', '1,1', '0.5,0.5']);
    await exhibit.stopTraining();
    await page.waitForFunction(() => /removed example 2; 4 left/.test(document.querySelector('#teach-result')!.textContent ?? ''));

    await page.click('button.reset');
    await page.waitForFunction(() => /reset to the rig's 4 examples/.test(document.querySelector('#teach-result')!.textContent ?? ''));
    expect(exhibit.corpus.examples).toEqual(classicCorpus('xor').examples);
    expect(await page.locator('#corpus li').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
