/**
 * Puts the fake navigator.serial (fakeWebSerial.ts) in place in a page or a dedicated worker, before
 * the code under test looks for it, with its emulated boards on the browser host's own scheduler and
 * bundled catalogue. What the tests reach it by: `globalThis.__fakeSerial`.
 */
import { bundledCatalogue } from '../../../src/hosts/browser/bundledBoards.js';
import { browserSimRegistry } from '../../../src/hosts/browser/simBoards.js';
import { FakeSerial, type FakeDeviceOptions } from './fakeWebSerial.js';

export function installFakeSerial(options: { inWorker?: boolean; devices?: FakeDeviceOptions[] } = {}): FakeSerial {
  const fake = new FakeSerial(browserSimRegistry({ mode: 'realtime' }), bundledCatalogue(), options.inWorker ?? false);
  for (const device of options.devices ?? []) fake.plug(device);
  Object.defineProperty(globalThis.navigator, 'serial', { value: fake, configurable: true });
  (globalThis as { __fakeSerial?: FakeSerial }).__fakeSerial = fake;
  return fake;
}
