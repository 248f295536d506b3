/** Program memory for an emulated MCU from a hex file or raw bytes. */
import { loadIntelHex } from './intelHex.js';
import type { McuSpec } from './mcu.js';

const flashCache = new Map<string, Uint16Array>();

export function flashImage(spec: McuSpec, firmware: Uint8Array | string): Uint16Array {
  if (typeof firmware !== 'string') {
    const bytes = new Uint8Array(spec.flashBytes).fill(0xff);
    bytes.set(firmware.subarray(0, spec.flashBytes));
    return new Uint16Array(bytes.buffer);
  }
  const key = `${spec.name}:${firmware}`;
  let image = flashCache.get(key);
  if (!image) {
    // Boards running the same hex share one read-only program memory (avr8js never writes it: no SPM).
    image = new Uint16Array(loadIntelHex(firmware, spec.flashBytes).buffer);
    flashCache.set(key, image);
  }
  return image;
}
