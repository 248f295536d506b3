/**
 * Flashing emulated boards through their real bootloaders (optiboot on the Uno at 115200, ATmegaBOOT
 * on the old-bootloader Nano clone at 57600) with neuroboard's own STK500v1 client, over the same
 * binding the host uses for hardware. Virtual time: the client's waits run the emulator.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { flashBoard, programBytes, type FlashRequest } from '../../src/flash/flashBoard.js';
import { simTiming } from '../../src/flash/simTiming.js';
import { parseIntelHex } from '../../src/sim/avr/intelHex.js';
import { firmataHex } from '../../src/hosts/node/firmataHex.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import type { SimBoard } from '../../src/sim/avr/simBoard.js';
import { bootLine } from './bootLine.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';
import { catalogue } from '../helpers/boards.js';
import { packagePath } from '../../src/hosts/node/boardFiles.js';

let registry: SimRegistry | undefined;

afterEach(async () => {
  registry?.clear();
  registry = undefined;
});

function neuroboardProgram(board: string): Uint8Array {
  const profile = catalogue.get(board);
  return programBytes(parseIntelHex(readFileSync(packagePath(profile.firmware), 'latin1'), profile.flashBytes));
}

function request(sim: SimBoard, reg: SimRegistry, over: Partial<FlashRequest> = {}): FlashRequest {
  const profile = sim.avr.profile;
  return {
    catalogue,
    binding: reg.binding,
    path: sim.path,
    board: profile.name,
    mcu: profile.mcu,
    baudRate: profile.bootloader!.baudRate,
    pageBytes: profile.chip.pageBytes,
    program: neuroboardProgram(profile.name === 'nano-old' ? 'nano' : profile.name),
    timing: simTiming(reg.clock, () => sim.avr.timeMs),
    ...over,
  };
}

/** A board running StandardFirmata (another sketch), with EEPROM left blank. */
async function firmataBoard(board: 'uno' | 'nano-old'): Promise<{ reg: SimRegistry; sim: SimBoard }> {
  const reg = (registry = nodeSimRegistry({ mode: 'virtual' }));
  const firmware = await firmataHex(board === 'nano-old' ? 'nano' : board);
  const sim = reg.create(board, { firmware, id: null });
  await reg.clock.runFor(1500);
  expect(sim.avr.inBootloader).toBe(false);
  return { reg, sim };
}

describe('flashing through the bootloader (STK500v1)', { timeout: 120_000 }, () => {
  for (const board of ['uno', 'nano-old'] as const) {
    it(`${board}: a board running StandardFirmata is flashed, verified, and boots neuroboard`, async () => {
      const { reg, sim } = await firmataBoard(board);
      const progress: string[] = [];
      const result = await flashBoard(request(sim, reg, { onProgress: (phase, done, total) => done === total && progress.push(`${phase} ${done}`) }));
      expect(result.pages).toBe(Math.ceil(result.bytes / 128));
      expect(progress).toEqual([`write ${result.pages}`, `verify ${result.pages}`]);
      expect(await bootLine(reg, sim)).toMatch(/^BOOT 1 0\.1\.0 (uno|nano) [0-9a-f]{8} 1 4 \w+$/);
    });
  }

  it('uno: a flash cut off half-way (port closed mid-write) leaves optiboot working, and a retry succeeds', async () => {
    const { reg, sim } = await firmataBoard('uno');
    let cut = false;
    const first = flashBoard(
      request(sim, reg, {
        onProgress: (phase, done, total) => {
          if (phase === 'write' && done === Math.floor(total / 2) && !cut) {
            cut = true;
            sim.unplug();
          }
        },
      }),
    );
    await expect(first).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE' });
    sim.replug();
    await reg.clock.runFor(2000);
    await flashBoard(request(sim, reg));
    expect(await bootLine(reg, sim)).toMatch(/^BOOT 1 0\.1\.0 uno /);
  });

  it('refuses a board whose chip is not the one --board names, and writes nothing', async () => {
    const { reg, sim } = await firmataBoard('uno');
    const before = sim.avr.progMem.slice();
    const err = await flashBoard(request(sim, reg, { board: 'mega', mcu: 'atmega2560' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NB_ERR_INVALID_ARGUMENT' });
    expect((err as Error).message).toContain('has an ATmega328P, not the ATmega2560 of a mega: flash it with --board uno or nano');
    expect(sim.avr.progMem).toEqual(before);
  });

  it('an old-bootloader Nano flashed at 115200 does not answer: the message names --old-bootloader, the reset button and the cable', async () => {
    const { reg, sim } = await firmataBoard('nano-old');
    const err = await flashBoard(request(sim, reg, { board: 'nano', baudRate: 115200 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NB_ERR_BOARD_TIMEOUT' });
    const message = (err as Error).message;
    expect(message).toContain('try again with --old-bootloader');
    expect(message).toContain('reset button');
    expect(message).toContain('another USB cable');
  });
});
