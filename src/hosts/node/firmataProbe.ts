/**
 * Is StandardFirmata on this port? Asks REPORT_VERSION (0xF9) at Firmata's 57600 baud and waits for
 * the three-byte answer (0xF9 major minor). Used when a port did not answer our own protocol, so
 * discovery can say "a Firmata board is there" instead of "nothing answered".
 */
import { SerialPortStream } from '@serialport/stream';
import type { SerialBinding } from '../../platform/serialBinding.js';
import { toSerialportBinding } from './serialportBindings.js';

const REPORT_VERSION = 0xf9;

export interface FirmataVersion {
  major: number;
  minor: number;
}

export async function probeFirmata(
  path: string,
  binding: SerialBinding,
  options: { baudRate?: number; timeoutMs?: number } = {},
): Promise<FirmataVersion | null> {
  const port = new SerialPortStream({ binding: toSerialportBinding(binding), path, baudRate: options.baudRate ?? 57600, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch {
    return null;
  }
  const bytes: number[] = [];
  try {
    return await new Promise<FirmataVersion | null>((resolve) => {
      // StandardFirmata announces its version by itself after the reset that opening causes; ask
      // too, for boards that do not reset on open.
      const ask = setInterval(() => port.write(Buffer.from([REPORT_VERSION])), 500);
      const timer = setTimeout(() => finish(null), options.timeoutMs ?? 3500);
      const finish = (result: FirmataVersion | null): void => {
        clearInterval(ask);
        clearTimeout(timer);
        resolve(result);
      };
      port.on('data', (chunk: Buffer) => {
        bytes.push(...chunk);
        const at = bytes.indexOf(REPORT_VERSION);
        if (at >= 0 && bytes.length >= at + 3) {
          const major = bytes[at + 1]!;
          const minor = bytes[at + 2]!;
          if (major < 0x80 && minor < 0x80) finish({ major, minor });
        }
      });
      port.on('error', () => finish(null));
      port.on('close', () => finish(null));
    });
  } finally {
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
