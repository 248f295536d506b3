/**
 * The console's "Connect boards" panel in Chromium, over the fake navigator.serial whose boards are
 * emulated Unos running the real firmware behind optiboot (test/browser/webSerial/): the click opens
 * the picker with the catalogue's USB vendors, the exhibit leaves its emulated boards for the real
 * ones and a press on the input board lights the answer board; an unplugged board is named missing
 * and, plugged back in (a new SerialPort, a new webserial:<n>), works again with no reload; the page
 * goes back to emulated boards; a reload finds the boards chosen before with no picker.
 * One browser for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundledPage } from './bundledPage.js';
import { device, inPage, openRealBoardsPage, plug } from './realBoards/harness.js';

let bundled: BundledPage;

beforeAll(async () => {
  bundled = await openRealBoardsPage({ webSerial: true });
  await bundled.page.waitForFunction(() => (globalThis as unknown as { __realBoards: { ready(): Promise<boolean> } }).__realBoards.ready());
}, 60_000);

afterAll(async () => {
  await bundled?.close();
});

const text = (selector: string): Promise<string> => bundled.page.locator(selector).innerText();

/** Waits until the exhibit has both rig boards online, on the real boards, and returns their ports. */
async function bothOnline(timeout = 15_000): Promise<string[]> {
  await bundled.page.waitForFunction(
    () => {
      const checks = (globalThis as unknown as { __realBoards: { using(): string; boards(): { online: boolean }[] } }).__realBoards;
      return checks.using() === 'real' && checks.boards().every((b) => b.online);
    },
    undefined,
    { timeout },
  );
  return (await inPage(bundled.page, 'boards')).map((b) => b.path ?? '');
}

/** Presses the input board's button (latched: one press sets the input), and waits for the answer board's LED. */
async function pressLightsAnswer(): Promise<number> {
  await bundled.page.waitForFunction(() => (globalThis as unknown as { __realBoards: { trained(): boolean } }).__realBoards.trained(), undefined, { timeout: 10_000 });
  const before = await device(bundled.page, 1, 'led');
  await device(bundled.page, 0, 'press');
  await bundled.page.waitForTimeout(60);
  await device(bundled.page, 0, 'release');
  await bundled.page.waitForFunction(() => ((globalThis as unknown as { __fakeSerial: { devices: { ledLevel(ch: number): number }[] } }).__fakeSerial.devices[1]!.ledLevel(0)) > 180, undefined, { timeout: 5_000 });
  const after = (await device(bundled.page, 1, 'led'))!;
  // Press again: the input goes off, and so does the answer (the exhibit answers, not a stuck LED).
  await device(bundled.page, 0, 'press');
  await bundled.page.waitForTimeout(60);
  await device(bundled.page, 0, 'release');
  await bundled.page.waitForFunction(() => ((globalThis as unknown as { __fakeSerial: { devices: { ledLevel(ch: number): number }[] } }).__fakeSerial.devices[1]!.ledLevel(0)) < 60, undefined, { timeout: 5_000 });
  expect(before).toBeLessThan(60);
  return after;
}

describe('Connect boards (fake Web Serial, emulated Unos with our firmware)', () => {
  it('starts on emulated boards and says so; nothing is asked of the browser before a click', async () => {
    expect(await inPage(bundled.page, 'using')).toBe('emulated');
    expect(await text('#boards-in-use')).toBe('The exhibit runs on emulated boards in this page.');
    expect(await bundled.page.evaluate(() => (globalThis as unknown as { __fakeRequests(): number }).__fakeRequests())).toBe(0);
  });

  it('each click opens the picker with the five USB vendors of the catalogue; the exhibit runs on the chosen boards and a press on the input board lights the answer board', async () => {
    await plug(bundled.page, { kind: 'uno', id: 'a0000001', granted: false });
    await plug(bundled.page, { kind: 'uno', id: 'a0000002', granted: false });
    await bundled.page.evaluate(() => {
      const fake = (globalThis as unknown as { __fakeSerial: { chooser: (ports: { device: { granted: boolean } }[]) => unknown } }).__fakeSerial;
      fake.chooser = (ports) => ports.find((p) => !p.device.granted) ?? null;
    });
    await bundled.page.getByRole('button', { name: 'Connect boards' }).click();
    await bundled.page.waitForFunction(() => document.querySelector('#boards-in-use')?.textContent === 'The exhibit runs on the real boards.');
    const filters = await bundled.page.evaluate(() => (globalThis as unknown as { __fakeSerial: { lastFilters: { usbVendorId: number }[] } }).__fakeSerial.lastFilters);
    expect(filters.map((f) => f.usbVendorId.toString(16).padStart(4, '0')).sort()).toEqual(['0403', '10c4', '1a86', '2341', '2a03']);
    // One board chosen: the other is named missing, with what to do.
    await bundled.page.waitForFunction(() => /1 of the 2 boards/.test(document.querySelector('#real-summary')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await bundled.page.waitForFunction(() => /Missing: "answer"/.test(document.querySelector('#real-lines')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await text('#real-lines')).toMatch(/Missing: "answer" \(board a0000002\) is missing\. Plug it in and choose it with "Connect boards"/);
    await bundled.page.getByRole('button', { name: 'Connect more boards' }).click();
    const paths = await bothOnline();
    expect(paths.every((p) => /^webserial:\d+$/.test(p))).toBe(true);
    await bundled.page.waitForFunction(() => /All 2 boards of this exhibit are plugged in and working/.test(document.querySelector('#real-summary')?.textContent ?? ''));
    expect(await text('#real-lines')).toMatch(/Working: "input" \(board a0000001\) is plugged in and working \(on webserial:\d+\)/);
    expect(await pressLightsAnswer()).toBeGreaterThan(180);
  }, 40_000);

  it('an unplugged board is named missing; plugged back in (a new port object, a new name) it works again with no reload', async () => {
    const [, answerBefore] = (await inPage(bundled.page, 'boards')).map((b) => b.path);
    await device(bundled.page, 1, 'unplug');
    await bundled.page.waitForFunction(() => /Missing: "answer"/.test(document.querySelector('#real-lines')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(await text('#real-summary')).toBe('1 of the 2 boards of this exhibit is working.');
    await device(bundled.page, 1, 'replug');
    const [, answerAfter] = await bothOnline(20_000);
    expect(answerAfter).not.toBe(answerBefore);
    expect(await pressLightsAnswer()).toBeGreaterThan(180);
  }, 40_000);

  it('a reload finds the boards chosen before with no picker, and runs on them', async () => {
    await bundled.page.reload();
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __panelsMounted?: boolean }).__panelsMounted === true);
    await bothOnline();
    expect(await bundled.page.evaluate(() => (globalThis as unknown as { __fakeRequests(): number }).__fakeRequests())).toBe(0);
    expect(await text('#boards-in-use')).toBe('The exhibit runs on the real boards.');
  }, 30_000);

  it('"Back to emulated boards" returns the exhibit to its emulated boards and closes the real ports', async () => {
    await bundled.page.getByRole('button', { name: 'Back to emulated boards' }).click();
    await bundled.page.waitForFunction(() => document.querySelector('#boards-in-use')?.textContent === 'The exhibit runs on emulated boards in this page.');
    expect(await inPage(bundled.page, 'using')).toBe('emulated');
    expect(await bundled.page.evaluate(() => (globalThis as unknown as { __fakeSerial: { devices: { port: { readable: unknown } }[] } }).__fakeSerial.devices.map((d) => d.port.readable))).toEqual([null, null]);
    expect(bundled.errors).toEqual([]);
  }, 20_000);
});
