/** Talks to a FakeBoard with raw lines over the same serial stack the host uses, for firmware-level tests. */
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPortStream } from '@serialport/stream';
import type { FakeBoard } from '../../../src/sim/fake/fakeBoard.js';
import { waitFor } from '../../transports/waitFor.js';
import { toSerialportBinding } from '../../../src/hosts/node/serialportBindings.js';

export interface RawLink {
  lines: string[];
  send(text: string): void;
  /** Sends `text` and resolves with the next `count` lines the board prints. */
  exchange(text: string, count?: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function openRaw(device: FakeBoard): Promise<RawLink> {
  const port = new SerialPortStream({ binding: toSerialportBinding(device.binding), path: device.path, baudRate: 115200, autoOpen: false });
  const lines: string[] = [];
  port.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' })).on('data', (line: string) => lines.push(line));
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  const send = (text: string) => port.write(text, 'latin1');
  return {
    lines,
    send,
    async exchange(text, count = 1) {
      const from = lines.length;
      send(text);
      await waitFor(() => lines.length >= from + count, { what: `${count} line(s) answering ${JSON.stringify(text)}` });
      return lines.slice(from, from + count);
    },
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}
