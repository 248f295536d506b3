/**
 * When the bootloader --board names does not answer, the board may simply be another type: an Uno
 * flashed with --board mega hears STK500v2 frames its optiboot does not speak, a Mega flashed with
 * --board uno hears STK500v1 syncs its stk500v2 ignores. Before saying "did not answer", try the
 * bootloaders of the other protocol (one reset each) and, if one answers, read the chip's signature,
 * so the message can name what is really there and the --board to use. Nothing is written.
 */
import type { BootloaderKind } from '../catalogue/boardCatalogue.js';
import type { SerialBinding } from '../platform/serialBinding.js';
import { FlashLink, type FlashTiming } from './link.js';
import { Stk500v1 } from './stk500v1.js';
import { Stk500v2 } from './stk500v2.js';

export interface OtherAnswer {
  bootloader: BootloaderKind;
  signature: Uint8Array;
}

/**
 * Tries each of `bootloaders` (the catalogue's) that speaks another protocol than `protocol`; the
 * first that answers, with the chip's signature, or null.
 */
export async function probeOtherBootloaders(
  binding: SerialBinding,
  path: string,
  protocol: 'stk500v1' | 'stk500v2',
  bootloaders: readonly BootloaderKind[],
  timing: FlashTiming,
): Promise<OtherAnswer | null> {
  for (const bootloader of bootloaders) {
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
