/**
 * The emulated boards behind their real bootloaders (firmware/bootloaders/): what a DTR reset does
 * on each, with the host silent and with the host talking. Virtual time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSim } from './harness.js';
import type { Session } from './harness.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Opens `board` (a DTR reset) after it has run a while; returns ms from the open to BOOT. */
async function dtrToBoot(board: string, options: { bootloader?: boolean; send?: string } = {}): Promise<{ ms: number; boot: string }> {
  s = await openSim(board, { id: '3f2a91c0', settleMs: 2000, ...(options.bootloader === undefined ? {} : { bootloader: options.bootloader }) });
  const openedAtMs = s.sim.avr.timeMs;
  if (options.send) s.send(options.send);
  const boot = await s.waitLine(/^BOOT /, 12_000);
  return { ms: s.sim.avr.timeMs - openedAtMs, boot };
}

describe('real bootloaders in the emulator', () => {
  it('nano: optiboot, as on the Uno: BOOT about 1.4 s after DTR', async () => {
    const { ms, boot } = await dtrToBoot('nano');
    expect(boot).toBe('BOOT 1 0.1.0 nano 3f2a91c0 1 4 external');
    expect(ms).toBeGreaterThan(1375);
    expect(ms).toBeLessThan(1500);
  });

  it('nano-old: the clones\' ATmegaBOOT runs after every reset and starts the sketch about 1.3 s after DTR', async () => {
    const { ms, boot } = await dtrToBoot('nano-old');
    expect(boot).toMatch(/^BOOT 1 0\.1\.0 nano 3f2a91c0 1 4 /);
    expect(ms).toBeGreaterThan(1000);
    expect(ms).toBeLessThan(1600);
    expect(s!.sim.avr.inBootloader).toBe(false);
  });

  it('nano-old: a host at 115200 gets nothing readable from ATmegaBOOT (it talks at 57600)', async () => {
    s = await openSim('nano-old', { id: '3f2a91c0', settleMs: 2000 });
    await s.runFor(300);
    expect(s.sim.avr.inBootloader).toBe(true);
    expect(s.sim.avr.uartBaudRate).toBeGreaterThan(57_000);
    expect(s.sim.avr.uartBaudRate).toBeLessThan(60_000);
  });

  it('mega: stk500v2 runs after every reset by default and starts the sketch about 0.8 s after DTR when the host stays silent', async () => {
    s = await openSim('mega', { id: '3f2a91c0', settleMs: 2000 });
    await s.runFor(300);
    expect(s.sim.avr.inBootloader).toBe(true);
    await s.close();
    const { ms, boot } = await dtrToBoot('mega');
    expect(boot).toBe('BOOT 1 0.1.0 mega 3f2a91c0 1 8 external');
    expect(ms).toBeGreaterThan(700);
    expect(ms).toBeLessThan(1000);
  });

  it('mega: one byte from the host at open keeps stk500v2 waiting ~4.5 s more (why the host sends nothing until BOOT)', async () => {
    const { ms } = await dtrToBoot('mega', { send: '\n' });
    expect(ms).toBeGreaterThan(4500);
    expect(ms).toBeLessThan(6000);
  });

  /** Sends the CPU to avr-libc's endless `rjmp .-2` (_exit), as a hang in the main loop would. */
  function wedge(session: Session, interruptsOn = true): void {
    const avr = session.sim.avr as unknown as { cpu: { pc: number; data: Uint8Array; progMem: Uint16Array } };
    const spin = avr.cpu.progMem.indexOf(0xcfff);
    expect(spin).toBeGreaterThan(0);
    expect(spin).toBeLessThan(0x3c00); // the sketch's, not the bootloader's
    if (!interruptsOn) avr.cpu.data[95]! &= 0x7f;
    avr.cpu.pc = spin;
  }

  it('nano-old: a wedged sketch behind ATmegaBOOT says BOOT … watchdog again within 3 s and answers (the watchdog restarts the sketch, not the chip)', async () => {
    s = await openSim('nano-old', { id: '3f2a91c0', settleMs: 2000 });
    await s.waitLine(/^BOOT /, 3000);
    s.send('PING 1\n');
    await s.waitLine(/^PONG 1 /);
    const from = s.lines.length;
    wedge(s);
    expect(await s.waitLine(/^BOOT /, 3000, from)).toBe('BOOT 1 0.1.0 nano 3f2a91c0 1 4 watchdog');
    s.send('PING 2\n');
    await s.waitLine(/^PONG 2 /);
  });

  it('nano-old: a wedge with interrupts off ends in a watchdog reset that ATmegaBOOT never leaves (reset every ~16 ms: only unplugging recovers)', async () => {
    s = await openSim('nano-old', { id: '3f2a91c0', settleMs: 2000 });
    await s.waitLine(/^BOOT /, 3000);
    const from = s.lines.length;
    const resets = s.sim.avr.stats.resets;
    wedge(s, false);
    await s.runFor(4000);
    expect(s.lines.slice(from).filter((l) => l.startsWith('BOOT'))).toEqual([]);
    expect(s.sim.avr.stats.resets - resets).toBeGreaterThan(100);
    s.sim.unplug();
    s.sim.replug();
    await s.runUntil(() => !s!.sim.avr.inBootloader, 3000);
    // 4 s of a chip resetting every ~16 ms: 4 s of wall time alone, 14.6 s in a whole CI run.
  }, 90_000);
});
