/**
 * Lists serial ports that may hold a board. `SerialPort.list()` asks udev, which containers and
 * minimal systems lack (`spawn udevadm ENOENT`), so the device folders are read directly as a fallback.
 */
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export interface FoundPort {
  path: string;
  /** What the system says about it, when it says anything. */
  manufacturer?: string;
  vendorId?: string;
  productId?: string;
  serialNumber?: string;
  /** Why we think a board may be on it. */
  likely: boolean;
}

/** USB vendor ids of Arduinos and the USB-serial chips on their clones. */
const BOARD_VENDORS = new Set(['2341', '2a03', '1a86', '0403', '10c4', '239a']);

export async function listSerialPorts(): Promise<FoundPort[]> {
  try {
    const ports = await SerialPort.list();
    return ports.map((p) => ({
      path: p.path,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId.toLowerCase() } : {}),
      ...(p.productId ? { productId: p.productId.toLowerCase() } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      likely: isLikely(p.path, p.vendorId),
    }));
  } catch {
    return listDeviceFiles();
  }
}

function isLikely(path: string, vendorId?: string): boolean {
  if (vendorId && BOARD_VENDORS.has(vendorId.toLowerCase())) return true;
  return /tty(ACM|USB)\d+$|cu\.usb|COM\d+$/.test(path);
}

/** /dev/serial/by-id (stable names) first, then any /dev/ttyACM* and /dev/ttyUSB* not already named. */
export async function listDeviceFiles(devDir = '/dev'): Promise<FoundPort[]> {
  const found = new Map<string, FoundPort>();
  try {
    const byId = join(devDir, 'serial', 'by-id');
    for (const name of await readdir(byId)) {
      const target = await realpath(join(byId, name)).catch(() => null);
      if (target) found.set(target, { path: target, manufacturer: name, likely: /arduino|ch340|ftdi|cp210|usb/i.test(name) });
    }
  } catch {
    // no udev-made links: fine
  }
  try {
    for (const name of await readdir(devDir)) {
      if (!/^tty(ACM|USB)\d+$/.test(name)) continue;
      const path = join(devDir, name);
      if (!found.has(path)) found.set(path, { path, likely: true });
    }
  } catch {
    // no /dev (Windows): nothing to add
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}
