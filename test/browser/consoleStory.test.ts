/**
 * The staff console's "Visitors and the story" panel in real Chromium: it says whether anybody is
 * there, plays the story on request (keyboard), shows its act, and stops it (handing the exhibit back).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { waitFor } from '../server/exhibitForTests.js';
import { launch, openConsole, seriousA11yProblems, type Browser } from './consoleHarness.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let browser: Browser;
let server: RunningServer;
let exhibit: Exhibit;

beforeAll(async () => {
  browser = await launch();
  const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  const rig = { ...loaded.rig, cascade: { ...loaded.rig.cascade, stepDelayMs: 0 }, visitors: { ...loaded.rig.visitors, attract: false } };
  exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source: new ScriptedSource(), corpus: classicCorpus('xor'), story: loaded.story });
  server = await startServer({ exhibit, port: 0, handleSignals: false });
  await waitFor(() => !exhibit.trainingStatus.running, 'training on start to finish', 30_000);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await browser?.close();
});

describe('dashboard: visitors and the story', () => {
  it('says nobody is there, plays the story from the keyboard and shows its act, stops it, then sees a visitor; axe finds no serious or critical problem, light or dark', async () => {
    const { page, errors } = await openConsole(browser, server.url);
    await page.waitForSelector('#visitors-status[data-idle="true"]');
    expect(await page.textContent('#visitors-status')).toBe('Nobody has pressed anything since the start.');
    expect(await page.textContent('#story-status')).toMatch(/^Story "xor" is not playing; it plays by itself after 90 s with nobody pressing/);
    expect(await page.isDisabled('#story-stop')).toBe(true);

    const ownMethod = await page.inputValue('#train-method');
    expect(ownMethod).toBe('trial-and-error');
    await page.focus('#story-play');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#story-status[data-playing="true"]');
    // Act 1 learns AND in well under a second: on a loaded machine the page may first show its second scene.
    expect(await page.textContent('#story-status')).toMatch(/^Story "xor" playing: act 1 of 3 \(one-neuron\), scene (1: learn|2: show)/);
    expect(exhibit.story.state().playing).toBe(true);
    // The training line says whose run it is: the story's, on its copy, not the exhibit's own network.
    await page.waitForFunction(() => /^the story's run, on a copy of the network · /.test(document.getElementById('train-status')!.textContent ?? ''));
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousA11yProblems(page)).toEqual([]);
    }

    await page.getByRole('button', { name: 'Stop the story' }).click();
    await page.waitForSelector('#story-status[data-playing="false"]');
    expect(exhibit.story.state().playing).toBe(false);
    await page.waitForFunction(() => !/story/.test(document.getElementById('train-status')!.textContent ?? ''));
    // The Learning panel shows the exhibit's own last run again (its boot-time fit), not the story's perceptron.
    expect(await page.textContent('#train-status')).toMatch(/^trial-and-error: target-reached · /);
    // The method menu never followed the story's runs (act 1 is a perceptron): Start trains as before the story.
    expect(await page.inputValue('#train-method')).toBe(ownMethod);
    // The reply to Stop carries no idle time: the line still names the rig's 90 s.
    expect(await page.textContent('#story-status')).toMatch(/^Story "xor" is not playing; it plays by itself after 90 s with nobody pressing/);

    exhibit.click('a0000001');
    await page.waitForSelector('#visitors-status[data-idle="false"]');
    expect(await page.textContent('#visitors-status')).toMatch(/^A visitor is here: last press at /);
    expect(errors).toEqual([]);
    await browser.closePages();
  });
});
