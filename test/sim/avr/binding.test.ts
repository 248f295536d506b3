/** SimBinding behaves like a serial port: listed, locked, reset on open, yanked and plugged back. */
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPortStream } from '@serialport/stream';
import { openSim } from './harness.js';
import type { Session } from './harness.js';
import { nodeSimRegistry } from '../../../src/hosts/node/simBoards.js';
import { toSerialportBinding } from '../../../src/hosts/node/serialportBindings.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('SimBinding', () => {
  it('lists plugged boards with Arduino USB ids; unplugged boards leave the list and come back on replug', async () => {
    const registry = nodeSimRegistry({ mode: 'virtual' });
    const uno = registry.create('uno');
    registry.create('mega');
    expect((await registry.list()).map((p) => [p.path, p.vendorId, p.productId])).toEqual([
      ['sim:uno:0', '2341', '0043'],
      ['sim:mega:0', '2341', '0042'],
    ]);
    uno.unplug();
    expect((await registry.list()).map((p) => p.path)).toEqual(['sim:mega:0']);
    uno.replug();
    expect((await registry.list()).map((p) => p.path)).toContain('sim:uno:0');
    registry.clear();
  });

  it('opening a path with no board, or an unplugged one, fails like a missing device; a second open of the same port is refused (locked)', async () => {
    const registry = nodeSimRegistry({ mode: 'virtual' });
    await expect(registry.binding.open({ path: 'sim:uno:9', baudRate: 115200 })).rejects.toThrow(/No such file or directory, cannot open sim:uno:9/);
    const uno = registry.create('uno');
    const port = await registry.binding.open({ path: uno.path, baudRate: 115200 });
    await expect(registry.binding.open({ path: uno.path, baudRate: 115200 })).rejects.toThrow(/Cannot lock port/);
    await port.close();
    uno.unplug();
    await expect(registry.binding.open({ path: uno.path, baudRate: 115200 })).rejects.toThrow(/No such file/);
    registry.clear();
  });

  it('close() makes a pending read reject with canceled (so the stream stays quiet)', async () => {
    const registry = nodeSimRegistry({ mode: 'virtual' });
    const uno = registry.create('uno');
    const port = await registry.binding.open({ path: uno.path, baudRate: 115200 });
    const read = port.read(Buffer.alloc(16), 0, 16);
    await new Promise((r) => setImmediate(r));
    await port.close();
    await expect(read).rejects.toMatchObject({ canceled: true });
    registry.clear();
  });

  it('unplugged mid-write: the stream closes with a disconnect error, later writes fail, nothing crashes; replug boots the board (power) and it opens again', async () => {
    s = await openSim('uno', { settleMs: 20 });
    await s.waitLine(/^BOOT /, 3000);
    s.send(`LED 0 100\n${'PING 1\n'.repeat(20)}`);
    await s.runFor(2); // part of the burst is on the wire
    s.sim.unplug();
    await s.runUntil(() => s!.closeErrors.length > 0, 100);
    expect(s.closeErrors[0]).toMatchObject({ disconnected: true });
    expect(s.port.isOpen).toBe(false);
    // The port binding underneath refuses writes (the stream itself queues writes until a reopen).
    await expect(s.port.port!.write(Buffer.from('PING 2\n'))).rejects.toThrow(/Port is not open|disconnected/);
    await s.runFor(20); // an unplugged board does not run
    s.sim.replug();
    const port = new SerialPortStream({ binding: toSerialportBinding(s.registry.binding), path: s.sim.path, baudRate: 115200 });
    let text = '';
    port.on('data', (d: Buffer) => (text += d.toString('latin1')));
    await new Promise((resolve) => port.once('open', resolve));
    await s.runUntil(() => /BOOT .* power\n/.test(text), 2000);
    await new Promise<void>((resolve) => port.close(() => resolve()));
  });

  it('a host at the wrong baud rate (57600 against the firmware at 115200) reads garbage, as on a real wire', async () => {
    const registry = nodeSimRegistry({ mode: 'virtual' });
    const uno = registry.create('uno');
    const port = new SerialPortStream({ binding: toSerialportBinding(registry.binding), path: uno.path, baudRate: 57600 });
    const bytes: number[] = [];
    port.on('data', (d: Buffer) => bytes.push(...d));
    await new Promise((resolve) => port.once('open', resolve));
    await registry.clock.runUntil(() => bytes.length > 20, 2000);
    expect(Buffer.from(bytes).toString('latin1')).not.toMatch(/BOOT/);
    expect(bytes.some((b) => b >= 0x80)).toBe(true);
    await new Promise<void>((resolve) => port.close(() => resolve()));
    registry.clear();
  });

  it('a realtime clock keeps an emulated board at wall-clock speed (caps catch-up, never runs ahead)', async () => {
    const registry = nodeSimRegistry({ mode: 'realtime' });
    const uno = registry.create('uno');
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const check = () => (uno.avr.timeMs >= 200 ? resolve() : setTimeout(check, 5));
      check();
    });
    const wall = performance.now() - started;
    expect(uno.avr.timeMs).toBeLessThanOrEqual(wall + 5);
    registry.clear();
  });
});
