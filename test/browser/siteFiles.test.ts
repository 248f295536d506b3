/**
 * The static site's files, in real Chromium: "Download the exhibit" gives the Node host's state file,
 * and "Open an exhibit file" puts it back (the exhibit continues from it, saved in this browser, so
 * a reload still has it); a state file of the other shipped rig opens that rig; a wrong rig file
 * opened from disk shows `neuroboard check`'s messages in the page; `?rig=` picks a shipped rig.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStateDocument } from '../../src/runtime/exhibitState.js';
import { servedSharedSite } from './siteHarness.js';

const served = servedSharedSite();
let files: string;

beforeAll(() => {
  files = mkdtempSync(join(tmpdir(), 'nb-site-files-'));
});

afterAll(() => {
  if (files) rmSync(files, { recursive: true, force: true });
});

const corpusSize = (page: Page) => page.getAttribute('#corpus', 'data-size').then(Number);

async function download(page: Page): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the exhibit' }).click()]);
  const path = join(files, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

describe('the site: exhibit files and rig files', () => {
  let page: Page;
  let errors: string[];

  it('"Download the exhibit" gives a state file the Node host reads; "Open an exhibit file" brings it back after a change, and a reload keeps it', async () => {
    ({ page, errors } = await served.browser.open(served.server.url, { ready: '#link[data-state="live"]' }));
    await page.waitForSelector('#corpus[data-size="4"]', { timeout: 20_000 });
    const saved = await download(page);
    // The Node host's own reader takes it as it is.
    const snapshot = parseStateDocument(JSON.parse(readFileSync(saved, 'utf8')), saved);
    expect(snapshot.rig).toBe('xor');
    expect(snapshot.corpus.size).toBe(4);

    page.on('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'remove example 1' }).click();
    await page.waitForSelector('#corpus[data-size="3"]', { timeout: 10_000 });

    await page.setInputFiles('#site-state-file', saved);
    await page.waitForSelector('#corpus[data-size="4"]', { timeout: 20_000 });
    expect(await page.isHidden('#site-problem')).toBe(true);

    await page.reload();
    await page.waitForSelector('#link[data-state="live"]', { timeout: 20_000, state: 'attached' });
    await page.waitForSelector('#corpus[data-size]', { timeout: 20_000 });
    expect(await corpusSize(page)).toBe(4);
    expect(errors).toEqual([]);
  }, 90_000);

  it('a file that is not a state file is refused, saying what it is not, and the exhibit goes on', async () => {
    const wrong = join(files, 'notes.json');
    writeFileSync(wrong, JSON.stringify({ format: 'something.else' }));
    await page.setInputFiles('#site-state-file', wrong);
    await page.waitForSelector('#site-problem:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#site-problem')).toMatch(/notes\.json: not a neuroboard state file \(format must be "neuroboard\.state"\)/);
    expect(await corpusSize(page)).toBe(4);
  }, 30_000);

  it('a wrong rig file opened from disk shows check\'s messages, field by field, and the running rig stays', async () => {
    const rig = JSON.parse(readFileSync(join(import.meta.dirname, '../../boards/rigs/xor.json'), 'utf8')) as Record<string, unknown>;
    const bad = { ...rig, name: 'my-rig', network: { layers: [2, 3, 1], activation: 'sigmoid', threshold: 0.5, seed: 7 }, boards: [{ id: 'a0000001', profile: 'toaster', channels: [] }] };
    const path = join(files, 'my-rig.json');
    writeFileSync(path, JSON.stringify(bad));
    await page.setInputFiles('#site-rig-file', path);
    await page.waitForFunction(() => /my-rig\.json/.test(document.getElementById('site-problem')!.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await page.isVisible('#site-problem')).toBe(true);
    const text = (await page.textContent('#site-problem')) ?? '';
    expect(text).toMatch(/my-rig\.json is not a valid rig/);
    expect(text).toMatch(/profile/);
    expect(await page.textContent('#rig-title')).toBe('XOR: is exactly one button on?');
  }, 30_000);

  it('a good rig file opened from disk runs: its title, its boards', async () => {
    const rig = JSON.parse(readFileSync(join(import.meta.dirname, '../../boards/rigs/xor.json'), 'utf8')) as Record<string, unknown>;
    const path = join(files, 'my-xor.json');
    // No story: the shipped one is written for rig "xor" (and says so when named by another).
    writeFileSync(path, JSON.stringify({ ...rig, $schema: undefined, story: undefined, name: 'my-xor', title: 'My own XOR' }));
    await page.setInputFiles('#site-rig-file', path);
    await page.waitForFunction(() => document.getElementById('rig-title')!.textContent === 'My own XOR', undefined, { timeout: 20_000 });
    expect(await page.isHidden('#site-problem')).toBe(true);
  }, 30_000);

  it('?rig=digits7 opens the other shipped rig on the visitor page, and a state file of XOR opened in the console goes back to XOR', async () => {
    await page.close();
    const visitor = await served.browser.open(`${served.server.url}exhibit/?rig=digits7`, { ready: '#link[data-state="live"]' });
    await visitor.page.waitForFunction(() => document.getElementById('title')!.textContent === 'Which digit is this? Seven segments in, ten answers out', undefined, { timeout: 20_000 });
    const consolePage = await served.browser.open(served.server.url, { ready: '#link[data-state="live"]' });
    await consolePage.page.waitForSelector('#site-rig option[value="digits7"]:checked', { state: 'attached', timeout: 10_000 });
    await consolePage.page.setInputFiles('#site-state-file', join(files, 'xor.state.json'));
    await visitor.page.waitForFunction(() => document.getElementById('title')!.textContent === 'XOR: is exactly one button on?', undefined, { timeout: 20_000 });
    expect(visitor.errors).toEqual([]);
    expect(consolePage.errors).toEqual([]);
  }, 60_000);
});
