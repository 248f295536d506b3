/** Program memory for an emulated MCU from a hex file (through the host's HexFiles) or raw bytes. */
import { parseIntelHex } from './intelHex.js';
import type { McuSpec } from './mcu.js';

/**
 * The hex files an emulated board runs (its sketch, its bootloader, a StandardFirmata), as the host
 * gives them: their text by path, as the catalogue names them (relative to the package) or absolute.
 */
export interface HexFiles {
  read(path: string): string;
}

const flashCache = new Map<string, Uint16Array>();

export function flashImage(spec: McuSpec, firmware: Uint8Array | string, files: HexFiles): Uint16Array {
  if (typeof firmware !== 'string') {
    const bytes = new Uint8Array(spec.flashBytes).fill(0xff);
    bytes.set(firmware.subarray(0, spec.flashBytes));
    return new Uint16Array(bytes.buffer);
  }
  const key = `${spec.name}:${firmware}`;
  let image = flashCache.get(key);
  if (!image) {
    // Boards running the same hex share one read-only program memory (avr8js never writes it: no SPM).
    image = new Uint16Array(parseIntelHex(files.read(firmware), spec.flashBytes, firmware).buffer);
    flashCache.set(key, image);
  }
  return image;
}
