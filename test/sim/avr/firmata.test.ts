/**
 * StandardFirmata (prebuilt, from the avrgirl-arduino tarball) in the same emulator, over SimBinding
 * at Firmata's 57600 baud: the path johnny-five boards take. The first run fetches the tarball with
 * `npm pack`; without a network it fails saying so, within the hook timeout, never hanging.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isNbError } from '../../../src/core/errors.js';
import { SerialPortStream } from '@serialport/stream';
import { FIRMATA_BAUD_RATE, firmataHex } from '../../../src/hosts/node/firmataHex.js';
import { nodeSimRegistry } from '../../../src/hosts/node/simBoards.js';
import { toSerialportBinding } from '../../../src/hosts/node/serialportBindings.js';

const REPORT_VERSION = 0xf9;
const START_SYSEX = 0xf0;
const END_SYSEX = 0xf7;
const REPORT_FIRMWARE = 0x79;

const hexes: Record<string, string> = {};

beforeAll(async () => {
  for (const board of ['uno', 'nano', 'mega']) hexes[board] = await firmataHex(board, { timeoutMs: 50_000 });
}, 60_000);

async function firmataSession(board: string) {
  const registry = nodeSimRegistry({ mode: 'virtual' });
  const sim = registry.create(board, { firmware: hexes[board]! });
  const port = new SerialPortStream({ binding: toSerialportBinding(registry.binding), path: sim.path, baudRate: FIRMATA_BAUD_RATE });
  const bytes: number[] = [];
  port.on('data', (d: Buffer) => bytes.push(...d));
  await new Promise((resolve) => port.once('open', resolve));
  const close = async () => {
    await new Promise<void>((resolve) => port.close(() => resolve()));
    registry.clear();
  };
  return { registry, sim, port, bytes, close };
}

/** Index of `needle` in `haystack` at or after `from`, or -1. */
function find(haystack: number[], needle: number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('StandardFirmata in the emulator', () => {
  for (const board of ['uno', 'nano', 'mega']) {
    it(`${board}: announces its version and name after the open reset, and answers REPORT_VERSION and REPORT_FIRMWARE queries`, async () => {
      const f = await firmataSession(board);
      try {
        // Startup: REPORT_VERSION (0xF9 major minor), then the firmware name as sysex. The bootloader
        // runs first (optiboot 1.4 s after DTR), then StandardFirmata blinks for ~1.8 s.
        await f.registry.clock.runUntil(() => find(f.bytes, [START_SYSEX, REPORT_FIRMWARE]) >= 0 && f.bytes.includes(END_SYSEX), 5000);
        expect(f.bytes[0]).toBe(REPORT_VERSION);
        expect(f.bytes[1]).toBe(2);
        const from = f.bytes.length;
        f.port.write(Buffer.from([REPORT_VERSION]));
        await f.registry.clock.runUntil(() => find(f.bytes, [REPORT_VERSION], from) >= 0 && f.bytes.length >= from + 3, 500);
        const at = find(f.bytes, [REPORT_VERSION], from);
        expect([f.bytes[at + 1], f.bytes[at + 2]]).toEqual([2, f.bytes[2]]);
        const from2 = f.bytes.length;
        f.port.write(Buffer.from([START_SYSEX, REPORT_FIRMWARE, END_SYSEX]));
        await f.registry.clock.runUntil(() => find(f.bytes, [END_SYSEX], from2) >= 0, 500);
        const reply = f.bytes.slice(find(f.bytes, [START_SYSEX, REPORT_FIRMWARE], from2));
        // Name as 7-bit pairs after major, minor: "StandardFirmata..."
        const name = String.fromCharCode(...reply.slice(4, reply.indexOf(END_SYSEX)).filter((_, i) => i % 2 === 0));
        expect(name).toMatch(/^StandardFirmata/);
      } finally {
        await f.close();
      }
    });
  }

  it('uno: a host at 115200 (our protocol speed) gets no Firmata reply, only garbage (wrong baud rate)', async () => {
    const registry = nodeSimRegistry({ mode: 'virtual' });
    const sim = registry.create('uno', { firmware: hexes.uno! });
    const port = new SerialPortStream({ binding: toSerialportBinding(registry.binding), path: sim.path, baudRate: 115200 });
    const bytes: number[] = [];
    port.on('data', (d: Buffer) => bytes.push(...d));
    await new Promise((resolve) => port.once('open', resolve));
    await registry.clock.runUntil(() => bytes.length >= 3, 5000);
    expect(bytes[0]).not.toBe(REPORT_VERSION);
    await new Promise<void>((resolve) => port.close(() => resolve()));
    registry.clear();
  });

  it('an unreachable npm registry fails with a clear NB_ERR_IO message instead of hanging (fault: connection refused)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'nb-firmata-'));
    try {
      const err = await firmataHex('uno', { cacheDir, registry: 'http://127.0.0.1:9/', timeoutMs: 20_000 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isNbError(err, 'NB_ERR_IO')).toBe(true);
      expect((err as Error).message).toMatch(/cannot fetch StandardFirmata: `npm pack avrgirl-arduino@5\.0\.1` failed .*npm registry/);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 30_000);
});
