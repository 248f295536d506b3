/**
 * The init script of the real-boards pages: the fake navigator.serial (test/browser/webSerial/) with
 * the boards a test plugged kept across a reload, as USB boards stay plugged in when a page reloads,
 * with their grants (a port chosen before comes back from getPorts() with no picker). It counts the
 * page's requestPort calls, so a test sees that a reload needed no picker.
 */
import type { FakeDeviceOptions } from '../webSerial/fakeWebSerial.js';
import { installFakeSerial } from '../webSerial/installFake.js';

const KEY = 'fakeSerial.devices';
const plugged: FakeDeviceOptions[] = JSON.parse(localStorage.getItem(KEY) ?? '[]') as FakeDeviceOptions[];
const fake = installFakeSerial({ devices: plugged });
const remember = (): void => {
  localStorage.setItem(
    KEY,
    JSON.stringify(fake.devices.filter((d) => d.plugged).map((d, i) => ({ ...(plugged[i] ?? { kind: d.sim.avr.profile.name }), serialNumber: d.serialNumber, granted: d.granted }))),
  );
};
const plug = fake.plug.bind(fake);
fake.plug = (options) => {
  const device = plug(options);
  plugged.push(options);
  remember();
  return device;
};
let requests = 0;
const request = fake.requestPort.bind(fake);
fake.requestPort = async (options) => {
  requests += 1;
  const port = await request(options);
  remember();
  return port;
};
(globalThis as { __fakeRequests?: () => number }).__fakeRequests = () => requests;
