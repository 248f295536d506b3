/**
 * Two emulator fixes that flashing through a real bootloader needs (src/sim/avr/hostUart.ts and
 * sleepingCore.ts), each shown on optiboot in an emulated Uno. Virtual time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FlashLink } from '../../src/flash/link.js';
import { simTiming } from '../../src/flash/simTiming.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';

let registry: SimRegistry | undefined;
afterEach(() => {
  registry?.clear();
  registry = undefined;
});

async function unoInBootloader(): Promise<{ link: FlashLink; now: () => number }> {
  const reg = (registry = nodeSimRegistry({ mode: 'virtual' }));
  const sim = reg.create('uno');
  await reg.clock.runFor(1500);
  const now = (): number => sim.avr.timeMs;
  const link = await FlashLink.open(reg.binding, sim.path, 115200, simTiming(reg.clock, now));
  await link.resetBoard(); // ends 50 ms after the reset, while optiboot still blinks its LED
  link.drain();
  return { link, now };
}

describe('the emulated UART as a bootloader meets it', () => {
  it('keeps two received bytes while the firmware is not reading (the chip\'s receive FIFO): GET_SYNC sent during optiboot\'s LED blinks is answered', async () => {
    const { link } = await unoInBootloader();
    await link.write([0x30, 0x20]);
    expect(await link.read(2, 1000)).toEqual(Uint8Array.from([0x14, 0x10]));
  });

  it('sends a bootloader\'s reply back to back: READ_SIGN\'s 5 bytes take about 5 character times (0.43 ms), not a slice each', async () => {
    const { link, now } = await unoInBootloader();
    await link.write([0x30, 0x20]);
    await link.read(2, 1000);
    const sent = now();
    await link.write([0x75, 0x20]);
    expect(await link.read(5, 100)).toEqual(Uint8Array.from([0x14, 0x1e, 0x95, 0x0f, 0x10]));
    // 2 bytes in + 5 out at 86.8 µs each, rounded up to the 1 ms steps the virtual clock takes.
    expect(now() - sent).toBeLessThanOrEqual(2);
  });
});
