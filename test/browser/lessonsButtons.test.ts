/**
 * The staff console and visitors' lessons in real Chromium: visitors' examples are marked, "Keep"
 * (by keyboard, named "keep example N") makes one staff's, "Forget visitors' examples" forgets the
 * rest, and what staff teach with the form is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig } from '../server/exhibitForTests.js';
import { launch, seriousA11yProblems, type Browser } from './consoleHarness.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let browser: Browser;
let server: RunningServer;
let exhibit: Exhibit;

beforeAll(async () => {
  browser = await launch();
  exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource(), corpus: classicCorpus('xor') });
  server = await startServer({ exhibit, port: 0, handleSignals: false });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await browser?.close();
});

const sources = () => exhibit.corpus.examples.map((e) => exhibit.lessons.sourceOf(e));

describe('dashboard: visitors\' lessons', () => {
  it('marks visitors\' examples; "keep example 5" by keyboard keeps one, "Forget visitors\' examples" forgets the others, the teach form teaches as staff; axe-core finds no serious or critical problem in light or dark', async () => {
    exhibit.teach({ inputs: [0.5, 0.5], targets: [1], label: 'taught' });
    await exhibit.stopTraining();
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => void d.accept());
    await page.goto(server.url);
    await page.waitForSelector('#corpus[data-size="5"][data-visitors="1"]');
    expect(await page.locator('#corpus li[data-source="visitor"]').count()).toBe(1);
    expect(await page.locator('#corpus li[data-index="4"] .source').textContent()).toBe('visitor');
    // Only visitors' examples can be kept.
    expect(await page.locator('#corpus button.keep').count()).toBe(1);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousA11yProblems(page), colorScheme).toEqual([]);
    }

    const keep = page.getByRole('button', { name: 'keep example 5', exact: true });
    await keep.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#corpus[data-visitors="0"] li[data-index="4"][data-source="staff"]');
    expect(sources()).toEqual(['rig', 'rig', 'rig', 'rig', 'staff']);
    await page.waitForFunction(() => /kept example 5/.test(document.querySelector('#teach-result')!.textContent ?? ''));
    const forget = page.getByRole('button', { name: "Forget visitors' examples", exact: true });
    expect(await forget.isDisabled()).toBe(true); // nothing of theirs left

    // A visitor teaches at the boards while the console is open: it follows the corpus event.
    exhibit.teach({ inputs: [0.2, 0.8], targets: [1] });
    await exhibit.stopTraining();
    await page.waitForSelector('#corpus[data-size="6"][data-visitors="1"]');
    await forget.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => /forgot 1 visitors' example; 5 left/.test(document.querySelector('#teach-result')!.textContent ?? ''));
    await page.waitForSelector('#corpus[data-size="5"][data-visitors="0"]');
    expect(exhibit.corpus.examples.map((e) => e.inputs.join())).toEqual(['0,0', '0,1', '1,0', '1,1', '0.5,0.5']);
    await exhibit.stopTraining();

    // What staff teach with the form is staff's.
    await page.fill('#teach-inputs input[name="input0"]', '0.3');
    await page.fill('#teach-inputs input[name="input1"]', '0.3');
    await page.fill('#teach-targets input[name="output0"]', '0');
    await page.click('#teach-add');
    await page.waitForSelector('#corpus[data-size="6"] li[data-index="5"][data-source="staff"]');
    expect(sources().at(-1)).toBe('staff');
    await exhibit.stopTraining();
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
