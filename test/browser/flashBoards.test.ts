/**
 * The console's "Flash a board" panel in Chromium, over the fake navigator.serial (emulated Unos and
 * a Mega behind their real bootloaders): a board of another exhibit is named by the "Connect boards"
 * panel; asked to flash it as a Mega, the page names what it is (as `neuroboard flash` does, in the
 * page's words) and writes nothing; flashed as an Uno with a missing id, the page shows the CLI's
 * lines and a progress bar, and the exhibit then finds the board by its new id and runs on it.
 * One browser for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundledPage } from './bundledPage.js';
import { device, inPage, openRealBoardsPage, plug } from './realBoards/harness.js';

let bundled: BundledPage;

beforeAll(async () => {
  bundled = await openRealBoardsPage({ webSerial: true });
  await bundled.page.waitForFunction(() => (globalThis as unknown as { __realBoards: { ready(): Promise<boolean> } }).__realBoards.ready());
  // The input board, and a board flashed for another exhibit (id 3f2a91c0), both chosen on an earlier visit.
  await plug(bundled.page, { kind: 'uno', id: 'a0000001' });
  await plug(bundled.page, { kind: 'uno', id: '3f2a91c0' });
  // The picker offers both; the person picks the second (the board to flash).
  await bundled.page.evaluate(() => {
    const fake = (globalThis as unknown as { __fakeSerial: { chooser: (ports: unknown[]) => unknown } }).__fakeSerial;
    fake.chooser = (ports) => ports[1] ?? null;
  });
}, 60_000);

afterAll(async () => {
  await bundled?.close();
});

const text = (selector: string): Promise<string> => bundled.page.locator(selector).innerText();

describe('Flash a board (fake Web Serial)', () => {
  it('a board of another exhibit is named for what it is, with what to do', async () => {
    await bundled.page.getByRole('button', { name: 'Connect boards' }).click();
    // While the boards were just chosen, a board not found yet is "looked for"; then it is named missing.
    await bundled.page.waitForFunction(() => /Looking for "answer"/.test(document.querySelector('#real-lines')?.textContent ?? ''), undefined, { timeout: 5_000 });
    await bundled.page.waitForFunction(() => /A board with id 3f2a91c0 is plugged in.*Missing|Missing.*A board with id 3f2a91c0 is plugged in/s.test((document.querySelector('#real-lines') as HTMLElement | null)?.innerText ?? ''), undefined, { timeout: 15_000 });
    expect(await text('#real-lines')).toMatch(/Also plugged in: A board with id 3f2a91c0 is plugged in \(webserial:\d+, looks like an Arduino uno\), but this exhibit has no board with that id\. Flash it with the id of a missing board/);
    expect(await text('#real-lines')).toMatch(/Missing: "answer" \(board a0000002\) is missing\..*give a spare board the id a0000002 with "Flash a board"/);
  }, 30_000);

  it('flashing an Uno as a Mega names the board it is, in the page\'s words, and writes nothing', async () => {
    await bundled.page.getByLabel('Board kind').selectOption('mega');
    await bundled.page.getByLabel('Board id').fill('a0000002');
    await bundled.page.getByRole('button', { name: 'Choose the board and flash it' }).click();
    await bundled.page.waitForSelector('#flash-problem:not([hidden])', { timeout: 30_000 });
    const problem = await text('#flash-problem');
    expect(problem).toMatch(/the board on webserial:\d+ is not a mega: .*optiboot.* answered .*its chip is an ATmega328P .*: flash it with the board kind "Uno" or "Nano"\. Nothing was written\./);
    expect(problem).not.toMatch(/--board/);
    expect(await text('#flash-log')).toMatch(/^Flashing Arduino Mega 2560 \(ATmega2560, 16 MHz\) on webserial:\d+ through its bootloader \(STK500v2 at 115200 baud\), \d+ bytes:$/);
  }, 40_000);

  it('a bad id is refused before anything is asked of the browser', async () => {
    await bundled.page.getByLabel('Board id').fill('A00-2');
    await bundled.page.getByRole('button', { name: 'Choose the board and flash it' }).click();
    expect(await text('#flash-problem')).toBe('"A00-2" is not a board id: it must be 8 characters, each 0–9 or a–f (like a0000001).');
  });

  it('flashed as an Uno with the missing id: the CLI\'s lines, a full progress bar, then the exhibit finds it and a press lights the answer', async () => {
    await bundled.page.getByLabel('Board kind').selectOption('uno');
    await bundled.page.getByLabel('Board id').fill('a0000002');
    await bundled.page.getByRole('button', { name: 'Choose the board and flash it' }).click();
    // The board's HELLO, or the problem the page shows instead (named in the failure, not a timeout).
    await bundled.page.waitForFunction(() => /says HELLO/.test(document.querySelector('#flash-log')?.textContent ?? '') || !(document.querySelector('#flash-problem') as HTMLElement).hidden, undefined, { timeout: 40_000 });
    expect(await bundled.page.locator('#flash-problem').isHidden(), await text('#flash-problem')).toBe(true);
    const lines = (await text('#flash-log')).split('\n');
    expect(lines[0]).toMatch(/^Flashing Arduino Uno \(ATmega328P, 16 MHz\) on webserial:\d+ through its bootloader \(STK500v1 at 115200 baud\), \d+ bytes:$/);
    expect(lines).toContain('  writing   100 % ' + lines.find((l) => l.includes('writing   100 %'))!.slice(18));
    expect(lines.some((l) => /^ {2}verifying 100 % \(\d+\/\d+ pages\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^✓ flashed and verified uno on webserial:\d+ with firmware\/hex\/neuroboard-uno\.hex \(\d+ pages in \d+\.\d s\)$/.test(l))).toBe(true);
    expect(lines.some((l) => /^✓ board on webserial:\d+ says HELLO: uno, id a0000002 \(was 3f2a91c0\), firmware \d+\.\d+\.\d+, 1\/4 channels$/.test(l))).toBe(true);
    expect(await bundled.page.locator('#flash-progress').evaluate((e) => (e as HTMLProgressElement).value)).toBe(100);
    expect(await bundled.page.locator('#flash-problem').isHidden()).toBe(true);
    await bundled.page.waitForFunction(
      () => (globalThis as unknown as { __realBoards: { boards(): { online: boolean }[]; trained(): boolean } }).__realBoards.boards().every((b) => b.online) && (globalThis as unknown as { __realBoards: { trained(): boolean } }).__realBoards.trained(),
      undefined,
      { timeout: 20_000 },
    );
    expect(await inPage(bundled.page, 'using')).toBe('real');
    await device(bundled.page, 0, 'press');
    await bundled.page.waitForTimeout(60);
    await device(bundled.page, 0, 'release');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __fakeSerial: { devices: { ledLevel(ch: number): number }[] } }).__fakeSerial.devices[1]!.ledLevel(0) > 180, undefined, { timeout: 5_000 });
    expect(bundled.errors).toEqual([]);
  }, 60_000);
});
