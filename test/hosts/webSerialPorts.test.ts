/**
 * What the Web Serial registry does before any port exists (the rest runs in Chromium:
 * test/browser/webSerial.test.ts): where Web Serial is missing it says which browsers have it, and the
 * port picker's filters are the USB vendors of the catalogue's boards and their USB chips.
 */
import { describe, expect, it } from 'vitest';
import { WebSerialPorts } from '../../src/hosts/browser/webSerialPorts.js';
import { catalogue } from '../helpers/boards.js';

describe('WebSerialPorts', () => {
  it('without navigator.serial (Firefox, Safari, plain http): NB_ERR_PORT_OPEN naming the browsers and contexts that have Web Serial', () => {
    expect((globalThis as { navigator?: { serial?: unknown } }).navigator?.serial).toBeUndefined();
    expect(() => WebSerialPorts.fromNavigator(catalogue)).toThrow(
      expect.objectContaining({ code: 'NB_ERR_PORT_OPEN', message: expect.stringMatching(/Chrome, Edge or another Chromium browser.*https or on http:\/\/localhost.*emulated boards work in any browser/) }),
    );
  });

  it('the picker\'s filters: one per USB vendor in the catalogue (Arduino, Arduino Srl, WCH CH340, FTDI, Silicon Labs CP210x)', () => {
    const serial = new EventTarget() as unknown as Serial;
    const ports = new WebSerialPorts(serial, catalogue);
    expect(ports.filters().map((f) => f.usbVendorId).sort((a, b) => a! - b!)).toEqual([0x0403, 0x10c4, 0x1a86, 0x2341, 0x2a03]);
    ports.dispose();
  });
});
