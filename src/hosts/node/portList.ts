/**
 * Lists serial ports that may hold a board, on Node (a browser cannot list: Web Serial asks the
 * person). `SerialPort.list()` asks udev, which containers and minimal systems lack (`spawn udevadm
 * ENOENT`), so the device folders are read directly as a fallback. A port is likely a board when its
 * USB vendor is one the catalogue's boards are sold with, or its name is a USB serial device's.
 */
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { PortInfo } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPort } from 'serialport';
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';

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

/** The ports the system lists (`list` is serialport's, which the tests replace), each judged against the catalogue. */
export async function listSerialPorts(catalogue: BoardCatalogue, list: () => Promise<PortInfo[]> = () => SerialPort.list()): Promise<FoundPort[]> {
  try {
    const ports = await list();
    return ports.map((p) => ({
      path: p.path,
      ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
      ...(p.vendorId ? { vendorId: p.vendorId.toLowerCase() } : {}),
      ...(p.productId ? { productId: p.productId.toLowerCase() } : {}),
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      likely: (p.vendorId ? catalogue.isBoardVendor(p.vendorId) : false) || /tty(ACM|USB)\d+$|cu\.usb|COM\d+$/.test(p.path),
    }));
  } catch {
    return listDeviceFiles();
  }
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
