/** The page's init script (page.addInitScript): the fake navigator.serial, with no board plugged yet. */
import { installFakeSerial } from './installFake.js';

installFakeSerial();
