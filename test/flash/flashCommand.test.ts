/**
 * `neuroboard flash`'s built-in path end to end on an emulated Uno behind optiboot, through the same
 * binding interface the host uses for hardware: a board running StandardFirmata is flashed with
 * progress lines, then given an id over our protocol, and announces BOOT with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { setAndConfirmId } from '../../src/cli/boardId.js';
import { flashTarget } from '../../src/cli/firmwareInfo.js';
import { flashThroughBootloader } from '../../src/cli/flashBootloader.js';
import { simTiming } from '../../src/flash/simTiming.js';
import { firmataHex } from '../../src/hosts/node/firmataHex.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';

let registry: SimRegistry | undefined;
afterEach(() => {
  registry?.clear();
  registry = undefined;
});

/** Runs the virtual clock while `work` (which waits on wall-clock timers) is pending. */
async function pumped<T>(reg: SimRegistry, work: Promise<T>): Promise<T> {
  let done = false;
  const settled = work.finally(() => (done = true));
  while (!done) await reg.clock.runFor(5);
  return settled;
}

describe('neuroboard flash through the bootloader (in process)', { timeout: 120_000 }, () => {
  it('uno running StandardFirmata: progress per 10 %, verified, then SETID, and reopened the board announces the new id', async () => {
    const reg = (registry = nodeSimRegistry({ mode: 'virtual' }));
    const sim = reg.create('uno', { firmware: await firmataHex('uno'), id: null });
    await reg.clock.runFor(1500);
    const lines: string[] = [];
    const result = await flashThroughBootloader(
      flashTarget('uno'),
      { board: 'uno', port: sim.path, id: 'a0000007', oldBootloader: false },
      {
        binding: reg.binding,
        timing: simTiming(reg.clock, () => sim.avr.timeMs),
        setId: (port, id) => pumped(reg, setAndConfirmId(port, id, reg.binding)),
        log: (line) => lines.push(line),
      },
    );
    expect(lines[0]).toContain('through its bootloader (STK500v1 at 115200 baud)');
    expect(lines.filter((l) => /writing +\d+ %/.test(l)).map((l) => /(\d+) %/.exec(l)![1])).toEqual(['10', '20', '30', '40', '50', '60', '70', '80', '90', '100']);
    expect(lines.filter((l) => /verifying +100 %/.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/says HELLO: uno, id a0000007 \(was [0-9a-f]{8}\)/);
    expect(result.pages).toBeGreaterThan(40);
    expect(sim.avr.eeprom.subarray(4, 8)).toEqual(Uint8Array.from([0xa0, 0, 0, 0x07]));
  });
});
