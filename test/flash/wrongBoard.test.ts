/**
 * `neuroboard flash` with the wrong --board, end to end on emulated boards behind their real
 * bootloaders: the bootloader --board names does not answer, so the flash asks the other kinds and
 * names what answered, the chip's signature and the --board to use. Nothing is written. Virtual time.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { flashBoard, programBytes } from '../../src/flash/flashBoard.js';
import { simTiming } from '../../src/flash/simTiming.js';
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

/** Flashes the board `actual` (emulated, running neuroboard as id 3f2a91c0) as if it were `named`. */
async function flashAs(actual: string, named: 'uno' | 'nano' | 'mega', oldBootloader = false) {
  const reg = (registry = nodeSimRegistry({ mode: 'virtual' }));
  const sim = reg.create(actual, { id: '3f2a91c0' });
  await reg.clock.runFor(1500);
  const before = sim.avr.progMem.slice();
  const profile = catalogue.get(oldBootloader ? 'nano-old' : named);
  const err = await flashBoard({
    catalogue,
    binding: reg.binding,
    path: sim.path,
    board: named,
    mcu: profile.mcu,
    baudRate: profile.bootloader!.baudRate,
    protocol: profile.bootloader!.protocol,
    pageBytes: profile.chip.pageBytes,
    program: programBytes(parseIntelHex(readFileSync(packagePath(catalogue.get(named).firmware), 'latin1'), profile.flashBytes)),
    oldBootloader,
    timing: simTiming(reg.clock, () => sim.avr.timeMs),
  }).catch((e: unknown) => e);
  expect(sim.avr.progMem).toEqual(before); // nothing written
  return { err: err as Error & { code?: string }, reg, sim };
}

describe('neuroboard flash with the wrong --board', { timeout: 180_000 }, () => {
  it('--board uno at a Mega: names the Mega\'s stk500v2 that answered, the ATmega2560 signature, and --board mega', async () => {
    const { err, reg, sim } = await flashAs('mega', 'uno');
    expect(err.code).toBe('NB_ERR_INVALID_ARGUMENT');
    expect(err.message).toContain('is not a uno: it did not answer the uno\'s bootloader (stk500v1 at 115200 baud)');
    expect(err.message).toContain("but the Mega's stk500v2 answered (stk500v2 at 115200 baud), and its chip is an ATmega2560 (signature 1e 98 01): flash it with --board mega. Nothing was written.");
    expect(await bootLine(reg, sim, 8000)).toMatch(/^BOOT 1 \S+ mega 3f2a91c0 /); // the board still runs its sketch
  });

  for (const board of ['uno', 'nano'] as const) {
    it(`--board mega at a${board === 'uno' ? 'n' : ''} ${board === 'uno' ? 'Uno' : 'Nano'}: names optiboot, the ATmega328P signature, and --board uno or nano`, async () => {
      const { err, reg, sim } = await flashAs(board, 'mega');
      expect(err.code).toBe('NB_ERR_INVALID_ARGUMENT');
      expect(err.message).toContain('is not a mega: it did not answer the mega\'s bootloader (stk500v2 at 115200 baud)');
      expect(err.message).toContain('but optiboot (Uno, Nano) answered (stk500v1 at 115200 baud), and its chip is an ATmega328P (signature 1e 95 0f): flash it with --board uno or nano.');
      expect(await bootLine(reg, sim, 8000)).toMatch(new RegExp(`^BOOT 1 \\S+ ${board} 3f2a91c0 `));
    });
  }

  it('--board mega at an old-bootloader Nano clone: names the old bootloader at 57600 and --board nano --old-bootloader', async () => {
    const { err } = await flashAs('nano-old', 'mega');
    expect(err.code).toBe('NB_ERR_INVALID_ARGUMENT');
    expect(err.message).toContain('but the old bootloader of Nano clones answered (stk500v1 at 57600 baud), and its chip is an ATmega328P (signature 1e 95 0f): flash it with --board nano --old-bootloader.');
  });
});
