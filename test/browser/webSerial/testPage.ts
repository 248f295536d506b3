/**
 * What test/browser/webSerial.test.ts runs inside Chromium (bundled with esbuild): the board contract
 * (test/transports/boardContract.ts) over the Web Serial binding, whose navigator.serial is the fake
 * one (fakeWebSerial.ts, put in place by the init script) with emulated boards behind it; and the
 * browser host's own checks (the port registry, the handle, the scheduler, flashing in a worker).
 * Each check returns plain data; the vitest side asserts on it by name.
 */
import type { FlashWorkerReply } from '../../../src/hosts/browser/flashInWorker.js';
import { browserScheduler } from '../../../src/hosts/browser/browserScheduler.js';
import { bundledCatalogue, bundledHexFiles } from '../../../src/hosts/browser/bundledBoards.js';
import { WebSerialPorts } from '../../../src/hosts/browser/webSerialPorts.js';
import { flashAndSetId } from '../../../src/hosts/browser/flashInWorker.js';
import { isCanceled } from '../../../src/platform/serialBinding.js';
import { bytesToText } from '../../../src/platform/bytes.js';
import { SerialNeuronBoard } from '../../../src/transports/serialBoard.js';
import { casesFor, runContractCase, type ContractOptions, type ContractRig } from '../../transports/boardContract.js';
import type { FakeSerial, FakeUsbDevice } from './fakeWebSerial.js';

const fake = (globalThis as { __fakeSerial?: FakeSerial }).__fakeSerial!;
const catalogue = bundledCatalogue();
const ports = WebSerialPorts.fromNavigator(catalogue);
const CONTRACT: ContractOptions = { ledTolerance: 3 };
const CAN: ContractRig['can'] = { dtrReset: true, flash: true };

/** Plugs a board and names its port as the page sees it. */
async function plug(kind: string, more: { serialNumber?: string | null; granted?: boolean; id?: string } = {}): Promise<{ device: FakeUsbDevice; path: string }> {
  const device = fake.plug({ kind, ...more });
  await ports.refresh();
  return { device, path: ports.pathOf(device.port) };
}

/** Unplugs and forgets `devices` (by default every board, between checks). */
async function unplug(devices: FakeUsbDevice[] = [...fake.devices]): Promise<void> {
  for (const device of devices) {
    fake.devices.splice(fake.devices.indexOf(device), 1);
    device.unplug();
    fake.registry.remove(device.sim.path);
  }
  await ports.refresh();
}
const unplugAll = (): Promise<void> => unplug();

/**
 * A rig of one Uno of its own: the contract's cases run side by side (each waits on its board's
 * real-time boot), so a case lists and unplugs only its own board, as a Node rig's registry holds
 * only its own.
 */
async function contractRig(): Promise<ContractRig> {
  const { device, path } = await plug('uno');
  return {
    binding: ports.binding,
    catalogue,
    path,
    kind: 'uno',
    transport: 'serial',
    can: CAN,
    files: bundledHexFiles,
    listPorts: async () => {
      const listed = (await ports.refresh()).map((p) => p.path);
      return device.plugged ? listed.filter((p) => p === ports.pathOf(device.port)) : [];
    },
    device: {
      press: (ch) => device.press(ch),
      release: (ch) => device.release(ch),
      ledLevel: (ch) => device.ledLevel(ch),
      unplug: () => device.unplug(),
      replug: () => device.replug(),
      inject: (text) => device.inject(text),
    },
    dispose: () => unplug([device]),
  };
}

const errorOf = (err: unknown) => ({
  name: (err as Error)?.name,
  code: (err as { code?: string })?.code,
  message: (err as Error)?.message,
  cause: ((err as { cause?: Error })?.cause as Error | undefined)?.name,
});

/** Sets the outcome of the last click on #connect or #raw, for the test to wait on. */
let clicked: unknown = null;
document.querySelector('#connect')!.addEventListener('click', () => {
  ports.request().then(
    (info) => (clicked = { info, filters: fake.lastFilters }),
    (err: unknown) => (clicked = { error: errorOf(err) }),
  );
});
document.querySelector('#raw')!.addEventListener('click', () => {
  const filters = JSON.parse((document.querySelector('#raw') as HTMLButtonElement).dataset['filters'] ?? '[]') as SerialPortFilter[];
  navigator.serial.requestPort({ filters }).then(
    (port) => (clicked = { info: port.getInfo() }),
    (err: unknown) => (clicked = { error: errorOf(err) }),
  );
});

/** Asked at load, before any click: no user gesture has happened yet (a test's page.evaluate counts as one). */
const withoutGesture = (async () => {
  const viaPorts = await ports.request().then(() => null, errorOf);
  const raw = await navigator.serial.requestPort().then(() => null, errorOf);
  return { viaPorts, raw, active: navigator.userActivation.isActive };
})();

const checks = {
  contractCases: (): string[] => casesFor({ can: CAN }, CONTRACT).run.map((c) => c.name),

  async runCase(name: string): Promise<{ ok: true } | { ok: false; error: string }> {
    const found = casesFor({ can: CAN }, CONTRACT).run.find((c) => c.name === name);
    if (!found) return { ok: false, error: `no case named ${name}` };
    const unhandled: string[] = [];
    const onUnhandled = (e: PromiseRejectionEvent): void => {
      unhandled.push(String((e.reason as Error)?.stack ?? e.reason));
    };
    addEventListener('unhandledrejection', onUnhandled);
    try {
      await runContractCase(found, contractRig, CONTRACT);
      await browserScheduler.yield();
    } catch (err) {
      return { ok: false, error: String((err as Error)?.stack ?? err) };
    } finally {
      removeEventListener('unhandledrejection', onUnhandled);
    }
    return unhandled.length > 0 ? { ok: false, error: `unhandled rejections: ${unhandled.join('\n')}` } : { ok: true };
  },

  /** Arms the next click: which boards are plugged (granted or not) and what the "person" picks. */
  async armPicker(kinds: { kind: string; serialNumber?: string | null; granted?: boolean }[], pick: number | null, rawFilters?: SerialPortFilter[]): Promise<void> {
    await unplugAll();
    for (const k of kinds) await plug(k.kind, k);
    fake.chooser = (listed) => (pick === null ? null : (listed[pick] ?? null));
    (document.querySelector('#raw') as HTMLButtonElement).dataset['filters'] = JSON.stringify(rawFilters ?? []);
    clicked = null;
  },

  clicked: () => clicked,

  requestWithoutGesture: () => withoutGesture,

  /** Unplugs and replugs a genuine Uno (USB serial number) and a CH340 clone (none), following the registry. */
  async followsPlugging() {
    await unplugAll();
    const uno = await plug('uno');
    const clone = await plug('nano-old', { serialNumber: null });
    const trace: Record<string, unknown> = { before: ports.list() };
    let changes = 0;
    const unwatch = ports.watch(() => changes++);
    uno.device.unplug();
    clone.device.unplug();
    trace['afterUnplug'] = ports.list();
    trace['getPortsAfterUnplug'] = (await navigator.serial.getPorts()).length;
    uno.device.replug();
    clone.device.replug();
    trace['afterReplug'] = ports.list();
    trace['afterRefresh'] = await ports.refresh();
    trace['changes'] = changes;
    unwatch();
    trace['oldUnoPath'] = uno.path;
    trace['openOld'] = await ports.binding.open({ path: uno.path, baudRate: 115200 }).then(() => null, errorOf);
    // The page may give a grant back: the port leaves getPorts() and the registry.
    await uno.device.port.forget();
    trace['getPortsAfterForget'] = (await navigator.serial.getPorts()).length;
    trace['afterForget'] = await ports.refresh();
    return trace;
  },

  /** The handle over a real emulated Uno: small reads keep the rest, one setSignals per set, a new speed, close with a read pending. */
  async handleBehaviour() {
    await unplugAll();
    const { path } = await plug('uno');
    fake.signalCalls.length = 0;
    const handle = await ports.binding.open({ path, baudRate: 115200 });
    let text = '';
    const buffer = new Uint8Array(3);
    while (!/BOOT [^\n]*\n/.test(text)) {
      const { bytesRead } = await handle.read(buffer, 0, 3);
      text += bytesToText(buffer.subarray(0, bytesRead));
    }
    const boot = /BOOT [^\n]*/.exec(text)![0];
    // A break on the line errors the readable; the handle goes on reading from the port's next one.
    const device = fake.devices.at(-1)!;
    const glitched = handle.read(buffer, 0, 3);
    await browserScheduler.yield();
    device.port.glitch('BreakError');
    await browserScheduler.yield();
    device.inject('after the break\n');
    let afterGlitch = '';
    for (let first = await glitched; ; first = await handle.read(buffer, 0, 3)) {
      afterGlitch += bytesToText(buffer.subarray(0, first.bytesRead));
      if (afterGlitch.includes('\n')) break;
    }
    await handle.set({ dtr: false, rts: false });
    await handle.set({ dtr: true, rts: true });
    const signalCalls = [...fake.signalCalls];
    // A read pending across a change of speed goes on after the port is reopened (reopening resets the Uno: its BOOT comes).
    let afterReopen = '';
    const big = new Uint8Array(256);
    const pending = (async () => {
      while (!afterReopen.includes('\n')) {
        const { bytesRead } = await handle.read(big, 0, big.length);
        afterReopen += bytesToText(big.subarray(0, bytesRead));
      }
    })();
    await handle.update({ baudRate: 57600 });
    await handle.update({ baudRate: 115200 });
    await pending;
    const lastRead = handle.read(big, 0, big.length).then(() => 'resolved', (err: unknown) => (isCanceled(err) ? 'canceled' : `rejected: ${(err as Error).message}`));
    await handle.close();
    const afterClose = await lastRead;
    const reopened = await ports.binding.open({ path, baudRate: 115200 });
    await reopened.close();
    return { boot, afterGlitch, signalCalls, afterReopen, afterClose, isOpen: handle.isOpen };
  },

  /** A port another program holds, and a port name that is gone, as the transport and the flasher report them. */
  async openRefused() {
    await unplugAll();
    const { device, path } = await plug('uno');
    device.heldElsewhere = true;
    const board = new SerialNeuronBoard({ path, binding: ports.binding, catalogue });
    const transport = await board.open().then(() => null, errorOf);
    const flash = await flashAndSetId({ path, board: 'uno' }, { binding: ports.binding, catalogue, files: bundledHexFiles }).then(() => null, errorOf);
    const gone = await new SerialNeuronBoard({ path: 'webserial:999', binding: ports.binding, catalogue }).open().then(() => null, errorOf);
    device.heldElsewhere = false;
    return { path, describe: ports.describe(path), transport, flash, gone };
  },

  /** The scheduler: yields resolve in the order asked, timers fire and cancel. */
  async scheduler() {
    const order: number[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => browserScheduler.yield().then(() => order.push(i))));
    const fired: string[] = [];
    const cancelled = browserScheduler.setTimeout(() => fired.push('cancelled'), 5);
    browserScheduler.clearTimeout(cancelled);
    await new Promise<void>((resolve) => browserScheduler.setTimeout(() => (fired.push('fired'), resolve()), 10));
    const t0 = browserScheduler.now();
    await browserScheduler.yield();
    return { order, fired, monotonic: browserScheduler.now() >= t0, keepAlive: typeof browserScheduler.keepAlive() };
  },

  /** The site's flashing worker, over the worker's own (fake) navigator.serial with an Uno. */
  async flashInWorker() {
    const worker = new Worker('/flashWorker.js', { type: 'module' });
    const replies: FlashWorkerReply[] = [];
    const next = (type: FlashWorkerReply['type'] | 'done'): Promise<FlashWorkerReply> =>
      new Promise((resolve) => {
        const look = (): void => {
          const found = replies.find((r) => (type === 'done' ? r.type === 'flashed' || r.type === 'failed' : r.type === type));
          if (found) {
            replies.splice(replies.indexOf(found), 1);
            worker.removeEventListener('message', look);
            resolve(found);
          }
        };
        worker.addEventListener('message', look);
        look();
      });
    const progress: string[] = [];
    worker.addEventListener('message', (e: MessageEvent<FlashWorkerReply>) => {
      if (e.data.type === 'progress') progress.push(`${e.data.phase} ${e.data.done}/${e.data.total}`);
      else replies.push(e.data);
    });
    worker.postMessage({ type: 'ports' });
    const listed = await next('ports');
    const path = listed.type === 'ports' ? listed.ports[0]!.path : '';
    worker.postMessage({ type: 'flash', request: { path, board: 'uno', id: 'a0000042' } });
    const flashed = await next('done');
    const progressCount = progress.length;
    worker.postMessage({ type: 'flash', request: { path, board: 'mega' } });
    const wrong = await next('done');
    worker.terminate();
    return { listed, flashed, progressCount, firstProgress: progress[0], lastProgress: progress[progressCount - 1], wrong };
  },
};

(globalThis as { __webSerialTest?: typeof checks }).__webSerialTest = checks;
export type WebSerialChecks = typeof checks;
