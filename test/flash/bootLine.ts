/** Test helper: opens an emulated board's port as the host does (a DTR reset) and returns its BOOT line. */
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPortStream } from '@serialport/stream';
import type { SimBoard } from '../../src/sim/avr/simBoard.js';
import type { SimRegistry } from '../../src/sim/simBinding.js';
import { toSerialportBinding } from '../../src/hosts/node/serialportBindings.js';

export async function bootLine(reg: SimRegistry, sim: SimBoard, maxMs = 4000): Promise<string> {
  const lines: string[] = [];
  const port = new SerialPortStream({ binding: toSerialportBinding(reg.binding), path: sim.path, baudRate: 115200 });
  port.pipe(new ReadlineParser({ delimiter: '\n' })).on('data', (l: string) => lines.push(l));
  await new Promise<void>((resolve, reject) => (port.once('open', resolve), port.once('error', reject)));
  try {
    await reg.clock.runUntil(() => lines.some((l) => l.startsWith('BOOT ')), maxMs);
    return lines.find((l) => l.startsWith('BOOT '))!;
  } finally {
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
