/**
 * What a reset leaves behind on the chip, as the datasheets describe it: where the CPU starts (the
 * boot section when the BOOTRST fuse says so, with the bootloader in it), what SRAM holds, and the
 * reset-cause flags with the watchdog state they force.
 */
import type { CPU } from 'avr8js';
import type { BoardProfile } from '../../catalogue/schema.js';
import { flashImage, type HexFiles } from './flashImage.js';
import { MCUSR_BORF, MCUSR_EXTRF, MCUSR_PORF, MCUSR_WDRF, type McuSpec } from './mcu.js';
import { bootResetWord } from './selfProgramming.js';

export type ResetCause = 'power' | 'external' | 'watchdog' | 'brownout';

const MCUSR_FOR: Record<ResetCause, number> = { power: MCUSR_PORF, external: MCUSR_EXTRF, watchdog: MCUSR_WDRF, brownout: MCUSR_BORF };

/**
 * Puts the profile's bootloader into `progMem`'s boot section (whatever the sketch image had there)
 * and returns the reset vector, in words: the boot section's start, or 0 without a bootloader.
 */
export function installBootloader(progMem: Uint16Array, mcu: McuSpec, profile: BoardProfile, withBootloader: boolean, files: HexFiles): number {
  const fuses = withBootloader ? profile.fuses : undefined;
  const resetVector = fuses ? (bootResetWord(mcu, parseInt(fuses.high, 16)) ?? 0) : 0;
  const boot = withBootloader ? profile.bootloader?.hex : undefined;
  if (boot) {
    const image = flashImage(mcu, boot, files);
    progMem.set(image.subarray(resetVector), resetVector);
  }
  return resetVector;
}

/**
 * SRAM is not cleared by a reset, only by a power cut, after which it comes up random. The firmware
 * relies on both: a .noinit marker tells "power" from "external", and the power-on content is noise
 * for a fresh board id.
 */
export function carrySram(cpu: CPU, previous: CPU | undefined, spec: McuSpec, cause: ResetCause, random: () => number): void {
  const sramStart = cpu.data.length - spec.sramBytes + (spec.name === 'atmega2560' ? 0x100 : 0);
  if (cause === 'power' || !previous) {
    for (let a = sramStart; a < cpu.data.length; a++) cpu.data[a] = Math.floor(random() * 256);
  } else {
    cpu.data.set(previous.data.subarray(sramStart), sramStart);
  }
}

/** Sets MCUSR's reset flag; after a watchdog reset, the watchdog stays on as WDRF forces it. */
export function setResetFlags(cpu: CPU, spec: McuSpec, cause: ResetCause): void {
  cpu.data[spec.MCUSR] = MCUSR_FOR[cause];
  if (cause === 'watchdog') {
    // While WDRF is set the watchdog stays enabled (WDE forced on, 16 ms): the datasheet's "WDE is
    // overridden by WDRF". Software must clear WDRF, then WDE, in time; ATmegaBOOT never does.
    const WDTCSR = spec.watchdog.WDTCSR;
    cpu.writeData(WDTCSR, 0x18); // WDCE|WDE: avr8js guards WDE like the prescaler
    cpu.writeData(WDTCSR, 0x08);
  }
}
