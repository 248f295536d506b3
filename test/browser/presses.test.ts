/**
 * Presses from the dashboard in real Chromium reach the boards as exactly one press each: a keyboard
 * press (Enter, Space) and a quick finger tap, on an exhibit of fake boards that debounce as the
 * firmware does (20 ms), so a press that does not last on the board is lost, as it would be there.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { FakeBoardSource } from '../../src/runtime/sources/fakeSource.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { testRig, waitFor } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';
import { nodeFakeSource } from '../../src/hosts/node/boardSources.js';
import { newBrowserContext } from './sharedChromium.js';

const INPUTS = ['a0000001', 'a0000002'];

let context: BrowserContext;
let server: RunningServer;
let exhibit: Exhibit;
let source: FakeBoardSource;
/** Presses the exhibit registered, by board (a latching input runs one pass per press). */
const registered = new Map<string, number>();
/** The press requests the page sent, by board, and how many are still on their way. */
const sent = new Map<string, unknown[]>();
let inFlight = 0;

beforeAll(async () => {
  const rig = await testRig({});
  source = nodeFakeSource(rig);
  exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source, corpus: classicCorpus('xor') });
  exhibit.on('trace', (_trace, from) => {
    const board = /^button (\w+):/.exec(from)?.[1];
    if (board) registered.set(board, (registered.get(board) ?? 0) + 1);
  });
  server = await startServer({ exhibit, port: 0, handleSignals: false });
  await waitFor(() => exhibit.state().boards.every((b) => b.online), 'the four fake boards to come online');
  context = await newBrowserContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

async function openPage(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  const isPress = (url: string) => /\/api\/boards\/(\w+)\/press$/.exec(url)?.[1];
  page.on('request', (r) => {
    const board = isPress(r.url());
    if (!board) return;
    inFlight += 1;
    sent.set(board, [...(sent.get(board) ?? []), r.postDataJSON()]);
  });
  const done = (r: { url(): string }) => {
    if (isPress(r.url())) inFlight -= 1;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  await page.goto(new URL(path, server.url).href);
  return { page, errors };
}

async function openDashboard(): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage('/');
  await opened.page.waitForSelector('#link[data-state="live"]');
  await opened.page.waitForSelector(`button.press[data-board="${INPUTS[0]}"]:not([disabled])`);
  return opened;
}

/** Waits until everything a gesture sent has played out on the board and its release has been reported. */
async function settled(board: string, requests: number): Promise<void> {
  await waitFor(() => (sent.get(board)?.length ?? 0) >= requests && inFlight === 0, `${requests} press request(s) for ${board}`);
  const device = source.devices.get(board)!;
  const reportedUp = () => !exhibit.state().boards.find((b) => b.id === board)!.channels[0]!.pressed;
  await waitFor(() => device.pendingMoves(0) === 0 && !device.pressed[0] && reportedUp(), `${board}'s button to be let go`);
}

describe('dashboard presses count once each', () => {
  it('Enter and Space on a press button are one press each (one click request, no double from keydown and click)', async () => {
    const { page, errors } = await openDashboard();
    const board = INPUTS[0]!;
    const button = page.locator(`button.press[data-board="${board}"]`);
    await button.focus();
    await page.keyboard.press('Enter');
    await waitFor(() => (registered.get(board) ?? 0) >= 1, 'the Enter press to register');
    await settled(board, 1);
    expect(exhibit.state().inputs[0]).toBe(1);
    await page.keyboard.press(' ');
    await waitFor(() => (registered.get(board) ?? 0) >= 2, 'the Space press to register');
    await settled(board, 2);
    expect(sent.get(board)).toEqual([{ channel: 0, click: true }, { channel: 0, click: true }]);
    expect(registered.get(board)).toBe(2);
    expect(exhibit.state().inputs[0]).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a quick tap (touch down and up at once) is one press, and so is a second tap', async () => {
    const { page, errors } = await openDashboard();
    const board = INPUTS[1]!;
    const box = (await page.locator(`button.press[data-board="${board}"]`).boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await waitFor(() => (registered.get(board) ?? 0) >= 1, 'the tap to register');
    await settled(board, 2);
    expect(exhibit.state().inputs[1]).toBe(1);
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    await waitFor(() => (registered.get(board) ?? 0) >= 2, 'the second tap to register');
    await settled(board, 4);
    expect(sent.get(board)).toEqual([
      { channel: 0, pressed: true },
      { channel: 0, pressed: false },
      { channel: 0, pressed: true },
      { channel: 0, pressed: false },
    ]);
    expect(registered.get(board)).toBe(2);
    expect(exhibit.state().inputs[1]).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('visitor page (/exhibit) presses count once each', () => {
  it('Enter, Space and a quick tap on an input button are one press each', async () => {
    const { page, errors } = await openPage('/exhibit');
    await page.waitForSelector('#presses button[data-node="0"]', { timeout: 10_000 });
    const board = INPUTS[0]!;
    const before = registered.get(board) ?? 0;
    const sentBefore = sent.get(board)?.length ?? 0;
    const button = page.locator('#presses button[data-node="0"]');
    await button.focus();
    const gestures: Array<[string, () => Promise<void>]> = [
      ['Enter', () => page.keyboard.press('Enter')],
      ['Space', () => page.keyboard.press(' ')],
      [
        'tap',
        async () => {
          const box = (await button.boundingBox())!;
          await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
        },
      ],
    ];
    for (const [i, [name, gesture]] of gestures.entries()) {
      const inputBefore = exhibit.state().inputs[0];
      await gesture();
      await waitFor(() => (registered.get(board) ?? 0) >= before + i + 1, `the ${name} press to register`);
      await settled(board, sentBefore + i + 1);
      expect(registered.get(board), `after ${name}`).toBe(before + i + 1);
      expect(exhibit.state().inputs[0], `after ${name}`).toBe(inputBefore === 1 ? 0 : 1);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an input button whose board is offline is unavailable and says why (nothing is sent); it is pressable again once the board is back online", async () => {
    const { page, errors } = await openPage('/exhibit');
    const button = page.locator('#presses button[data-node="1"]');
    await button.waitFor({ timeout: 10_000 });
    const board = INPUTS[1]!;
    const device = source.devices.get(board)!;
    device.unplug();
    await page.waitForSelector('#presses button[data-node="1"][aria-disabled="true"]', { timeout: 10_000 });
    expect(await button.getAttribute('aria-describedby')).toBe('press-note');
    expect(await page.textContent('#press-note')).toBe('Getting ready: B. Those buttons work again in a moment.');
    const sentBefore = sent.get(board)?.length ?? 0;
    await button.dispatchEvent('click'); // a tap (Playwright's own click waits for it to be enabled)
    await button.focus();
    await page.keyboard.press('Enter');
    // Requests are reported in the order they go out: once a later one is seen, no press went before it.
    await Promise.all([page.waitForRequest((r) => r.url().endsWith('/api/health')), page.evaluate(() => fetch('/api/health'))]);
    expect(sent.get(board)?.length ?? 0).toBe(sentBefore);

    device.replug();
    await page.waitForSelector('#presses button[data-node="1"]:not([aria-disabled])', { timeout: 10_000 });
    expect(await page.textContent('#press-note')).toBe('');
    const before = registered.get(board) ?? 0;
    const inputBefore = exhibit.state().inputs[1];
    await button.click();
    await waitFor(() => (registered.get(board) ?? 0) >= before + 1, 'the press after the board came back to register');
    await settled(board, sentBefore + 1);
    expect(exhibit.state().inputs[1]).toBe(inputBefore === 1 ? 0 : 1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
