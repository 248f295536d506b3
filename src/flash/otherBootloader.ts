/**
 * When the bootloader --board names does not answer, the board may simply be another type: an Uno
 * flashed with --board mega hears STK500v2 frames its optiboot does not speak, a Mega flashed with
 * --board uno hears STK500v1 syncs its stk500v2 ignores. Before saying "did not answer", try the
 * bootloaders of the other protocol (one reset each) and, if one answers, read the chip's signature,
 * so the message can name what is really there and the --board to use. Nothing is written.
 */
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { FlashLink, type FlashTiming } from './link.js';
import { Stk500v1 } from './stk500v1.js';
import { Stk500v2 } from './stk500v2.js';

export interface BootloaderKind {
  protocol: 'stk500v1' | 'stk500v2';
  baudRate: number;
  /** What it is, for the message. */
  name: string;
  /** The flag that goes with --board for it. */
  flag: string;
  /** The --board it implies when that is narrower than the chip's ("nano": only Nano clones have the old bootloader). */
  board?: string;
}

/** The bootloaders neuroboard's boards ship with. */
export const BOOTLOADERS: readonly BootloaderKind[] = [
  { protocol: 'stk500v1', baudRate: 115200, name: 'optiboot (Uno, Nano)', flag: '' },
  { protocol: 'stk500v1', baudRate: 57600, name: 'the old bootloader of Nano clones', flag: ' --old-bootloader', board: 'nano' },
  { protocol: 'stk500v2', baudRate: 115200, name: "the Mega's stk500v2", flag: '' },
];

export interface OtherAnswer {
  bootloader: BootloaderKind;
  signature: Uint8Array;
}

/** Tries each bootloader that speaks another protocol than `protocol`; the first that answers, with the chip's signature, or null. */
export async function probeOtherBootloaders(
  binding: BindingInterface,
  path: string,
  protocol: 'stk500v1' | 'stk500v2',
  timing: FlashTiming,
): Promise<OtherAnswer | null> {
  for (const bootloader of BOOTLOADERS) {
    if (bootloader.protocol === protocol) continue;
    const link = await FlashLink.open(binding, path, bootloader.baudRate, timing);
    try {
      const stk = bootloader.protocol === 'stk500v2' ? new Stk500v2(link) : new Stk500v1(link);
      if (!(await stk.sync(1))) continue;
      const signature = await stk.signature();
      // Let the bootloader start the sketch now rather than after its timeout.
      await stk.leaveProgMode().catch(() => undefined);
      return { bootloader, signature };
    } catch {
      continue; // it stopped answering half-way: not a verdict to build a message on
    } finally {
      await link.close();
    }
  }
  return null;
}
