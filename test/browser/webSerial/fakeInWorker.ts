/** A dedicated worker's fake navigator.serial (no port picker there), with one Uno plugged in and granted. */
import { installFakeSerial } from './installFake.js';

installFakeSerial({ inWorker: true, devices: [{ kind: 'uno', id: '3f2a91c0' }] });
