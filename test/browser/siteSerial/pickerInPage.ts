/** The site's console page's init script in test/browser/siteSerial.test.ts: the picker side of the fake (fakeAcrossContexts.ts). */
import { installPickerFacade } from '../webSerial/fakeAcrossContexts.js';

const picker = installPickerFacade();
(globalThis as { __fakeRequests?: () => number }).__fakeRequests = picker.requests;
