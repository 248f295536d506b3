/**
 * The idle rollback as a visitor page shows it, in real Chromium: a visitor teaches the exhibit an
 * example, nobody comes for the rig's forgetAfterMs, and the page is back to the rig's own corpus
 * (the tally counts the rig's examples again) with the network from before the lesson.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { testRig, waitFor } from '../server/exhibitForTests.js';
import { launchVisitorBrowser, SIZES, serveExhibit, type Served, type VisitorBrowser } from './visitorHarness.js';

let browser: VisitorBrowser;
let served: Served;
beforeAll(async () => {
  browser = await launchVisitorBrowser();
  const rig = await testRig();
  // Trained at start, as a museum's exhibit is; forget 2.5 s after the last visitor action; no attract
  // loop, so only the rollback is at stake.
  served = await serveExhibit(
    { ...rig, training: { ...rig.training, trainOnStart: true }, visitors: { idleMs: 1500, attract: false, lessons: 'forget-after-idle', forgetAfterMs: 2500 } },
    classicCorpus('xor'),
  );
  await waitFor(() => !served.exhibit.trainingStatus.running && served.exhibit.state().corpus.correct === 4, 'the start-up training to fit XOR');
});
afterAll(async () => {
  await browser?.closePages();
  await served?.server.close();
  await browser?.close();
});

describe('visitors are forgotten politely', () => {
  it.each(SIZES)('%s: a visitor teaches an example; idle, the page is back to the rig\'s corpus and the network from before', async (_name, viewport) => {
    const { exhibit, server } = served;
    const before = Array.from(exhibit.network.params);
    const { page, errors } = await browser.open(server.url, { viewport });
    await page.waitForFunction(() => /of 4 examples/.test(document.getElementById('tally')!.textContent ?? ''));

    // An example the network already answers this way, so teaching it starts no training.
    const trace = await exhibit.setInputs([0.9, 0.2]);
    const taught = await fetch(new URL('/api/corpus', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [0.9, 0.2], targets: [trace.outputs[0]! >= 0.5 ? 1 : 0] }),
    });
    expect(taught.status).toBe(201);
    await page.waitForFunction(() => /of 5 examples/.test(document.getElementById('tally')!.textContent ?? ''));
    const corpus = (await (await fetch(new URL('/api/corpus', server.url))).json()) as { examples: { source: string }[] };
    expect(corpus.examples.map((e) => e.source)).toEqual(['rig', 'rig', 'rig', 'rig', 'visitor']);

    // Nobody comes: the lesson is forgotten, the page counts the rig's four again.
    await page.waitForFunction(() => /of 4 examples/.test(document.getElementById('tally')!.textContent ?? ''), undefined, { timeout: 10_000 });
    const after = (await (await fetch(new URL('/api/corpus', server.url))).json()) as { examples: { source: string }[] };
    expect(after.examples.map((e) => e.source)).toEqual(['rig', 'rig', 'rig', 'rig']);
    expect(Array.from(exhibit.network.params)).toEqual(before);
    expect(errors).toEqual([]);
  });
});
