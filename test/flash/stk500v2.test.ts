/**
 * Flashing an emulated Mega 2560 through its real stk500v2 bootloader (which every emulated Mega
 * runs after a reset). Virtual time.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { flashBoard, programBytes } from '../../src/flash/flashBoard.js';
import { simTiming } from '../../src/flash/simTiming.js';
import { firmataHex } from '../../src/hosts/node/firmataHex.js';
import { parseIntelHex } from '../../src/sim/avr/intelHex.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import { bootLine } from './bootLine.js';
import { nodeSimRegistry } from '../../src/hosts/node/simBoards.js';
import { catalogue } from '../helpers/boards.js';
import { packagePath } from '../../src/hosts/node/boardFiles.js';

let registry: SimRegistry | undefined;
afterEach(() => {
  registry?.clear();
  registry = undefined;
});

describe('flashing the Mega through stk500v2', { timeout: 180_000 }, () => {
  it('a Mega running StandardFirmata is flashed at 115200, verified, and boots neuroboard', async () => {
    const reg = (registry = nodeSimRegistry({ mode: 'virtual' }));
    const sim = reg.create('mega', { firmware: await firmataHex('mega'), id: '3f2a91c0' });
    await reg.clock.runFor(1500);
    const profile = catalogue.get('mega');
    const program = programBytes(parseIntelHex(readFileSync(packagePath(profile.firmware), 'latin1'), profile.flashBytes));
    const result = await flashBoard({
      catalogue,
      binding: reg.binding,
      path: sim.path,
      board: 'mega',
      mcu: 'atmega2560',
      protocol: 'stk500v2',
      baudRate: 115200,
      pageBytes: profile.chip.pageBytes,
      program,
      timing: simTiming(reg.clock, () => sim.avr.timeMs),
    });
    expect(result.pages).toBe(Math.ceil(program.length / 256));
    const image = new Uint8Array(sim.avr.progMem.buffer, sim.avr.progMem.byteOffset, program.length);
    expect(image).toEqual(program);
    expect(await bootLine(reg, sim)).toMatch(/^BOOT 1 0\.1\.0 mega 3f2a91c0 1 8 \w+$/);
  });
});
