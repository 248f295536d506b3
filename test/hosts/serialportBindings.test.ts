/**
 * The Node host's adapters between serialport's bindings and ours: bytes cross without a copy (a
 * Buffer view of the caller's Uint8Array), both lines are set in one call, and errors pass through
 * as they are (a read cut short by close() stays `canceled`, so readers stay quiet).
 */
import type { BindingInterface, BindingPortInterface, OpenOptions, SetOptions } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { describe, expect, it } from 'vitest';
import { fromSerialportBinding, toSerialportBinding } from '../../src/hosts/node/serialportBindings.js';
import { isCanceled, type SerialPortHandle } from '../../src/platform/serialBinding.js';

/** A serialport port that records what it is handed. */
function recordingPort(options: OpenOptions) {
  const seen = { readInto: null as Buffer | null, written: null as Buffer | null, set: [] as SetOptions[] };
  const port = {
    openOptions: { ...options } as Required<OpenOptions>,
    isOpen: true,
    async read(buffer: Buffer, offset: number) {
      seen.readInto = buffer;
      buffer[offset] = 0x42;
      return { buffer, bytesRead: 1 };
    },
    async write(buffer: Buffer) {
      seen.written = buffer;
    },
    async set(o: SetOptions) {
      seen.set.push(o);
    },
    async close() {
      port.isOpen = false;
    },
  } as unknown as BindingPortInterface;
  return { port, seen };
}

describe('fromSerialportBinding (native, binding-mock → ours)', () => {
  it('reads into and writes from the caller\'s own bytes (a Buffer view, no copy) and sets DTR and RTS in one call', async () => {
    let recorded: ReturnType<typeof recordingPort> | null = null;
    const binding = { list: async () => [], open: async (o: OpenOptions) => (recorded = recordingPort(o)).port } as BindingInterface;
    const handle = await fromSerialportBinding(binding).open({ path: '/dev/x', baudRate: 115200 });
    const into = new Uint8Array(16);
    const { bytesRead } = await handle.read(into.subarray(4), 2, 8);
    expect(bytesRead).toBe(1);
    expect(into[6]).toBe(0x42);
    expect(recorded!.seen.readInto!.buffer).toBe(into.buffer);
    const out = Uint8Array.of(1, 2, 3);
    await handle.write(out);
    expect(recorded!.seen.written!.buffer).toBe(out.buffer);
    await handle.set({ dtr: false, rts: false });
    expect(recorded!.seen.set).toEqual([{ dtr: false, rts: false }]);
  });
});

describe('toSerialportBinding (ours → serialport, for SerialPortStream)', () => {
  it('hands Buffers straight through, keeps a close-cut read canceled, and tracks the baud rate', async () => {
    let pending: ((err: unknown) => void) | null = null;
    const handle: SerialPortHandle = {
      isOpen: true,
      read: () => new Promise((_resolve, reject) => (pending = reject)),
      write: async () => undefined,
      set: async () => undefined,
      update: async () => undefined,
      drain: async () => undefined,
      close: async () => pending?.(Object.assign(new Error('closed'), { canceled: true })),
    };
    const port = await toSerialportBinding({ open: async () => handle }).open({ path: 'sim:uno:0', baudRate: 115200 });
    expect(port.openOptions).toMatchObject({ path: 'sim:uno:0', baudRate: 115200, dataBits: 8 });
    const read = port.read(Buffer.alloc(8), 0, 8);
    await port.close();
    await expect(read).rejects.toSatisfy(isCanceled);
    await port.update({ baudRate: 57600 });
    expect(await port.getBaudRate()).toEqual({ baudRate: 57600 });
  });
});
