/**
 * The flasher's link waits on data, not on a clock: a read ends when the read loop has brought enough
 * bytes, or at its one deadline timer, never by polling (browsers clamp nested timers to 4 ms and
 * throttle background tabs). Tried: bytes in two parts, too few bytes, the port failing mid-wait.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FlashLink } from '../../src/flash/link.js';
import type { SerialBinding, SerialPortHandle } from '../../src/platform/serialBinding.js';

/** A port whose bytes the test hands over, one read at a time as a binding does. */
class ScriptedPort implements SerialPortHandle {
  isOpen = true;
  readonly written: number[] = [];
  private waiting: { buffer: Uint8Array; offset: number; resolve(r: { buffer: Uint8Array; bytesRead: number }): void; reject(e: unknown): void } | null = null;

  read(buffer: Uint8Array, offset: number): Promise<{ buffer: Uint8Array; bytesRead: number }> {
    return new Promise((resolve, reject) => (this.waiting = { buffer, offset, resolve, reject }));
  }
  deliver(...bytes: number[]): void {
    const w = this.waiting!;
    this.waiting = null;
    w.buffer.set(bytes, w.offset);
    w.resolve({ buffer: w.buffer, bytesRead: bytes.length });
  }
  fail(err: Error): void {
    this.waiting?.reject(err);
    this.waiting = null;
  }
  async write(bytes: Uint8Array): Promise<void> {
    this.written.push(...bytes);
  }
  async set(): Promise<void> {}
  async update(): Promise<void> {}
  async drain(): Promise<void> {}
  async close(): Promise<void> {
    this.isOpen = false;
    this.fail(Object.assign(new Error('closed'), { canceled: true }));
  }
}

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));
/** Lets `ms` of wall time pass without a timer of its own (the test counts the link's timers). */
async function letTimePass(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) await new Promise((resolve) => setImmediate(resolve));
}

async function linkTo(port: ScriptedPort): Promise<FlashLink> {
  const binding: SerialBinding = { open: async () => port };
  return FlashLink.open(binding, '/dev/scripted', 115200);
}

afterEach(() => vi.restoreAllMocks());

describe('FlashLink waits on data', () => {
  it('a read ends as the bytes arrive (in two parts, 30 ms apart), with one deadline timer and no polling', async () => {
    const port = new ScriptedPort();
    const link = await linkTo(port);
    const timers = vi.spyOn(globalThis, 'setTimeout');
    const started = performance.now();
    const reading = link.read(3, 5000);
    await tick();
    port.deliver(0x14);
    await letTimePass(30);
    port.deliver(0x10, 0x42);
    expect(await reading).toEqual(Uint8Array.of(0x14, 0x10, 0x42));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(timers).toHaveBeenCalledTimes(1);
    await link.close();
  });

  it('bytes already there are taken at once, without a timer', async () => {
    const port = new ScriptedPort();
    const link = await linkTo(port);
    await tick();
    port.deliver(1, 2, 3, 4);
    await tick();
    const timers = vi.spyOn(globalThis, 'setTimeout');
    expect(await link.read(2, 5000)).toEqual(Uint8Array.of(1, 2));
    expect(await link.read(2, 5000)).toEqual(Uint8Array.of(3, 4));
    expect(timers).not.toHaveBeenCalled();
    await link.close();
  });

  it('too few bytes by the deadline: null', async () => {
    const port = new ScriptedPort();
    const link = await linkTo(port);
    const reading = link.read(3, 30);
    await tick();
    port.deliver(0x14);
    expect(await reading).toBeNull();
    await link.close();
  });

  it('the port failing while a read waits ends the wait at once, with NB_ERR_BOARD_OFFLINE saying to plug it back in', async () => {
    const port = new ScriptedPort();
    const link = await linkTo(port);
    const started = performance.now();
    const reading = link.read(3, 60_000);
    await tick();
    port.fail(Object.assign(new Error('EIO: input/output error'), { code: 'EIO' }));
    await expect(reading).rejects.toMatchObject({ code: 'NB_ERR_BOARD_OFFLINE', message: expect.stringMatching(/went away while flashing \(EIO.*plug the board back in/) });
    expect(performance.now() - started).toBeLessThan(1000);
    await link.close();
  });
});
