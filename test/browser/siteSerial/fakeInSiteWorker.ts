/**
 * Put before the site's own worker script (site/worker.js) by test/browser/siteSerial.test.ts: the
 * fake navigator.serial of a dedicated worker, with no board plugged in yet (a test plugs them through
 * `globalThis.__fakeSerial`), answering the console page's picker.
 */
import { serveFakeToPages } from '../webSerial/fakeAcrossContexts.js';
import { installFakeSerial } from '../webSerial/installFake.js';

serveFakeToPages(installFakeSerial({ inWorker: true }));
