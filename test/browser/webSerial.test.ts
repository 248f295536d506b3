/**
 * The browser host's boards side in real Chromium, with no hardware: a fake navigator.serial (put in
 * place by an init script, as page.addInitScript does) whose ports are emulated boards running the
 * real firmware behind the real bootloaders. One browser for the file:
 * - every case of the board contract (test/transports/boardContract.ts) over the Web Serial binding,
 *   by name: the same cases vitest runs over the Node emulator binding (test/sim/avr/simBoard.contract.test.ts);
 * - the port registry (requestPort needs a gesture and honours filters, replug, grants), the handle
 *   (kept bytes, one setSignals, a new speed, close), refusals that say what to do, the scheduler;
 * - flashing from the site's worker (src/hosts/browser/flashWorker.ts) over the worker's own serial.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { casesFor } from '../transports/boardContract.js';
import { bundleForBrowser, openBundledPage, type BundledPage } from './bundledPage.js';
import type { WebSerialChecks } from './webSerial/testPage.js';

const HERE = join(PACKAGE_ROOT, 'test', 'browser', 'webSerial');
const CASES = casesFor({ can: { dtrReset: true, flash: true } }, { ledTolerance: 3 }).run.map((c) => c.name);

let bundled: BundledPage;

beforeAll(async () => {
  const [init, scripts] = await Promise.all([
    bundleForBrowser({ init: join(HERE, 'fakeInit.ts') }, 'iife'),
    bundleForBrowser({ page: join(HERE, 'testPage.ts'), flashWorker: join(HERE, 'flashWorkerTest.ts') }),
  ]);
  bundled = await openBundledPage({
    html: '<!doctype html><title>Web Serial</title><button id="connect">Connect a board</button><button id="raw">raw requestPort</button><script type="module" src="/page.js"></script>',
    scripts,
    initScripts: [init['init']!],
    ready: '() => globalThis.__webSerialTest !== undefined',
  });
}, 60_000);

afterAll(async () => {
  await bundled?.close();
});

/** Runs a check of testPage.ts in the page. */
function inPage<K extends keyof WebSerialChecks>(name: K, ...args: Parameters<WebSerialChecks[K]>): Promise<Awaited<ReturnType<WebSerialChecks[K]>>> {
  return bundled.page.evaluate(
    ([n, a]) => (globalThis as unknown as { __webSerialTest: Record<string, (...x: unknown[]) => unknown> }).__webSerialTest[n as string]!(...(a as unknown[])),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<WebSerialChecks[K]>>>;
}

// Side by side, as over the Node binding (test/transports/runContract.ts): each case has a board of its own.
describe.concurrent('NeuronBoard contract over Web Serial (fake navigator.serial, uno firmware behind optiboot in avr8js, in Chromium)', () => {
  it('the page runs the same cases as the Node emulator binding', async () => {
    expect(await inPage('contractCases')).toEqual(CASES);
  });

  for (const name of CASES) {
    it(name, async () => {
      expect(await inPage('runCase', name)).toEqual({ ok: true });
    });
  }
});

describe('Web Serial ports in a page', () => {
  it('requestPort without a user gesture is refused (SecurityError), and the message says to click', async () => {
    const { viaPorts, raw, active } = await inPage('requestWithoutGesture');
    expect(active).toBe(false);
    expect(raw).toMatchObject({ name: 'SecurityError' });
    expect(viaPorts).toMatchObject({ code: 'NB_ERR_PORT_OPEN', cause: 'SecurityError' });
    expect(viaPorts?.message).toMatch(/from a click or key press/);
  });

  it('a click shows the picker with one filter per USB vendor of the catalogue, and the chosen CH340 clone is named with its USB ids and kinds', async () => {
    await inPage('armPicker', [{ kind: 'nano-old', serialNumber: null, granted: false }], 0);
    await bundled.page.click('#connect');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __webSerialTest: { clicked(): unknown } }).__webSerialTest.clicked() !== null);
    const result = (await inPage('clicked')) as { info: { path: string; vendorId: string; productId: string; boards: string[]; likely: boolean }; filters: { usbVendorId: number }[] };
    expect(result.filters.map((f) => f.usbVendorId.toString(16).padStart(4, '0')).sort()).toEqual(['0403', '10c4', '1a86', '2341', '2a03']);
    expect(result.info).toMatchObject({ vendorId: '1a86', productId: '7523', likely: true });
    expect(result.info.boards).toEqual(expect.arrayContaining(['nano', 'nano-old']));
    expect(result.info.path).toMatch(/^webserial:\d+$/);
  });

  it('the picker closed without a choice: NB_ERR_PORT_OPEN saying no board was chosen and what to check', async () => {
    await inPage('armPicker', [{ kind: 'uno', granted: false }], null);
    await bundled.page.click('#connect');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __webSerialTest: { clicked(): unknown } }).__webSerialTest.clicked() !== null);
    const { error } = (await inPage('clicked')) as { error: { code: string; message: string; cause: string } };
    expect(error).toMatchObject({ code: 'NB_ERR_PORT_OPEN', cause: 'NotFoundError' });
    expect(error.message).toMatch(/no board was chosen.*USB cable/);
  });

  it('the fake honours filters as Chromium does: no port of that vendor is NotFoundError, a product id without a vendor id is a TypeError', async () => {
    await inPage('armPicker', [{ kind: 'uno', granted: false }], 0, [{ usbVendorId: 0x1234 }]);
    await bundled.page.click('#raw');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __webSerialTest: { clicked(): unknown } }).__webSerialTest.clicked() !== null);
    expect(await inPage('clicked')).toMatchObject({ error: { name: 'NotFoundError' } });
    await inPage('armPicker', [{ kind: 'uno', granted: false }], 0, [{ usbProductId: 0x43 }]);
    await bundled.page.click('#raw');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __webSerialTest: { clicked(): unknown } }).__webSerialTest.clicked() !== null);
    expect(await inPage('clicked')).toMatchObject({ error: { name: 'TypeError' } });
    await inPage('armPicker', [{ kind: 'mega', granted: false }], 0, [{ usbVendorId: 0x2341, usbProductId: 0x42 }]);
    await bundled.page.click('#raw');
    await bundled.page.waitForFunction(() => (globalThis as unknown as { __webSerialTest: { clicked(): unknown } }).__webSerialTest.clicked() !== null);
    expect(await inPage('clicked')).toEqual({ info: { usbVendorId: 0x2341, usbProductId: 0x42 } });
  });

  it('follows unplug and replug: a pulled board leaves the list at its disconnect event, comes back under a new name if its USB chip has a serial number, a CH340 clone must be chosen again, and a forgotten port is gone', async () => {
    const t = (await inPage('followsPlugging')) as Record<'before' | 'afterUnplug' | 'afterReplug' | 'afterRefresh' | 'afterForget', { path: string; vendorId?: string }[]> & { changes: number; oldUnoPath: string; getPortsAfterUnplug: number; getPortsAfterForget: number; openOld: { code: string; message: string } };
    expect(t.before.map((p) => p.vendorId)).toEqual(['2341', '1a86']);
    expect(t.afterUnplug).toEqual([]);
    expect(t.getPortsAfterUnplug).toBe(0);
    expect(t.afterReplug.map((p) => p.vendorId)).toEqual(['2341']);
    expect(t.afterReplug[0]!.path).not.toBe(t.oldUnoPath);
    expect(t.afterRefresh).toEqual(t.afterReplug);
    expect(t.changes).toBe(3);
    expect(t.openOld).toMatchObject({ code: 'NB_ERR_PORT_OPEN' });
    expect(t.openOld.message).toMatch(/unplugged.*new name/);
    expect(t.getPortsAfterForget).toBe(0);
    expect(t.afterForget).toEqual([]);
  });

  it('the handle: reads of 3 bytes lose nothing, a break on the line does not end the link, DTR and RTS go in one setSignals call, a read pending across a change of speed goes on, close cancels a pending read', async () => {
    const r = await inPage('handleBehaviour');
    // Opened right after it was plugged in: the chip may keep both reset flags, and the firmware then reports power.
    expect(r.boot).toMatch(/^BOOT 1 \S+ uno [0-9a-f]{8} \d \d (power|external)$/);
    expect(r.afterGlitch).toBe('after the break\n');
    expect(r.signalCalls).toEqual([
      { dataTerminalReady: false, requestToSend: false },
      { dataTerminalReady: true, requestToSend: true },
    ]);
    expect(r.afterReopen).toMatch(/BOOT 1 \S+ uno /);
    expect(r.afterClose).toBe('canceled');
    expect(r.isOpen).toBe(false);
  });

  it('a port held by another program or tab, and a port that is gone, are refused with what to do (transport and flasher alike)', async () => {
    const r = await inPage('openRefused');
    for (const err of [r.transport, r.flash]) {
      expect(err).toMatchObject({ code: 'NB_ERR_PORT_OPEN' });
      expect(err?.message).toContain(`cannot open ${r.describe}: another program or browser tab has it open`);
    }
    expect(r.describe).toMatch(/^webserial:\d+ \(USB 2341:0043, uno\)$/);
    expect(r.gone?.message).toMatch(/webserial:999 is not a serial port this page may use now/);
  });

  it('the scheduler: yields resolve in order, a cleared timer never fires, keepAlive gives a release', async () => {
    expect(await inPage('scheduler')).toEqual({ order: Array.from({ length: 20 }, (_, i) => i), fired: ['fired'], monotonic: true, keepAlive: 'function' });
  });

  it('the site\'s flashing worker: lists the worker\'s ports, flashes an Uno with progress and SETID, and names the board when asked to flash a Mega', async () => {
    const r = await inPage('flashInWorker');
    expect(r.listed).toMatchObject({ type: 'ports', ports: [{ vendorId: '2341', productId: '0043', boards: ['uno'] }] });
    expect(r.flashed).toMatchObject({ type: 'flashed', outcome: { identity: { before: { id: '3f2a91c0' }, after: { id: 'a0000042', board: 'uno' } } } });
    expect(r.firstProgress).toBe('write 1/' + r.lastProgress!.split('/')[1]);
    expect(r.lastProgress).toMatch(/^verify (\d+)\/\1$/);
    expect(r.progressCount).toBe(2 * Number(r.lastProgress!.split('/')[1]));
    expect(r.wrong).toMatchObject({ type: 'failed', error: { code: 'NB_ERR_INVALID_ARGUMENT', field: 'board' } });
    expect(r.wrong.type === 'failed' && r.wrong.error.message).toContain('is not a mega');
    expect(r.wrong.type === 'failed' && r.wrong.error.message).toContain('flash it with --board uno or nano');
  });

  it('the page logged no error', () => {
    expect(bundled.errors).toEqual([]);
  });
});
