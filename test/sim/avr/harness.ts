/**
 * Test harness: a simulated board in a virtual-time registry, opened exactly as the host opens
 * hardware (SerialPortStream + ReadlineParser over SimBinding). Tests advance emulated time and wait
 * on conditions; nothing sleeps.
 */
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPortStream } from '@serialport/stream';
import type { SimRegistry } from '../../../src/sim/simBinding.js';
import type { CreateBoardOptions } from '../../../src/sim/simBinding.js';
import type { SimBoard } from '../../../src/sim/avr/simBoard.js';
import { nodeSimRegistry } from '../../../src/hosts/node/simBoards.js';
import { toSerialportBinding } from '../../../src/hosts/node/serialportBindings.js';

export interface Session {
  registry: SimRegistry;
  sim: SimBoard;
  port: SerialPortStream;
  lines: string[];
  closeErrors: (Error | null)[];
  streamErrors: Error[];
  send(text: string): void;
  /** Runs emulated time until a line matching `match` has arrived (after index `from`); returns it. */
  waitLine(match: RegExp | string, maxMs?: number, from?: number): Promise<string>;
  runFor(ms: number): Promise<void>;
  runUntil(predicate: () => boolean, maxMs: number): Promise<number>;
  close(): Promise<void>;
}

export async function openSim(board = 'uno', options: CreateBoardOptions & { settleMs?: number } = {}): Promise<Session> {
  const registry = nodeSimRegistry({ mode: 'virtual' });
  const { settleMs = 0, ...createOptions } = options;
  const sim = registry.create(board, createOptions);
  // A board that has been powered for a while before the host opens it reports "external" (DTR).
  if (settleMs > 0) await registry.clock.runFor(settleMs);
  const port = new SerialPortStream({ binding: toSerialportBinding(registry.binding), path: sim.path, baudRate: 115200 });
  const lines: string[] = [];
  const closeErrors: (Error | null)[] = [];
  const streamErrors: Error[] = [];
  port.pipe(new ReadlineParser({ delimiter: '\n' })).on('data', (line: string) => lines.push(line));
  port.on('close', (err: Error | null) => closeErrors.push(err));
  port.on('error', (err: Error) => streamErrors.push(err));
  await new Promise<void>((resolve, reject) => {
    port.once('open', resolve);
    port.once('error', reject);
  });
  const matches = (line: string, match: RegExp | string) => (typeof match === 'string' ? line === match : match.test(line));
  const session: Session = {
    registry,
    sim,
    port,
    lines,
    closeErrors,
    streamErrors,
    send: (text) => {
      port.write(text);
    },
    waitLine: async (match, maxMs = 1000, from = 0) => {
      let found: string | undefined;
      await registry.clock.runUntil(() => {
        found = lines.slice(from).find((l) => matches(l, match));
        return found !== undefined;
      }, maxMs);
      return found!;
    },
    runFor: (ms) => registry.clock.runFor(ms),
    runUntil: (predicate, maxMs) => registry.clock.runUntil(predicate, maxMs),
    close: async () => {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      registry.clear();
    },
  };
  return session;
}
