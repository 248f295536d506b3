/**
 * The site's flashing worker (src/hosts/browser/flashWorker.ts) as a test runs it: the fake
 * navigator.serial of the worker first, with one emulated Uno (granted, running our firmware as board
 * 3f2a91c0), then the worker itself, unchanged.
 */
import './fakeInWorker.js';
import '../../../src/hosts/browser/flashWorker.js';
