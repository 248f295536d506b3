/**
 * The committed firmware hex, running in the emulator, reached over SimBinding + SerialPortStream +
 * ReadlineParser exactly as the host reaches hardware. Virtual time: fast and repeatable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSim } from './harness.js';
import type { Session } from './harness.js';

let s: Session | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Measured level (0–255) within `tol` of `level`. */
const near = (actual: number, level: number, tol = 3) => Math.abs(actual - level) <= tol;

describe('firmware in the emulator (uno)', () => {
  it('announces itself with BOOT after the port-open (DTR) reset, with the EEPROM id and reset cause external', async () => {
    s = await openSim('uno', { id: '3f2a91c0', settleMs: 50 });
    const boot = await s.waitLine(/^BOOT /, 3000);
    expect(boot).toBe('BOOT 1 0.1.0 uno 3f2a91c0 1 4 external');
  });

  it('the DTR reset runs optiboot (3 LED flashes, then its 1 s timeout) before the sketch says BOOT', async () => {
    s = await openSim('uno', { id: '3f2a91c0', settleMs: 50 });
    const openedAtMs = s.sim.avr.timeMs;
    await s.runUntil(() => s!.sim.avr.inBootloader, 5);
    await s.waitLine(/^BOOT /, 3000);
    const ms = s.sim.avr.timeMs - openedAtMs;
    // 6 LED toggles of 1/16 s, then 1 s with no STK500 byte: 1.375 s, plus the sketch's start.
    expect(ms).toBeGreaterThan(1375);
    expect(ms).toBeLessThan(1500);
  });

  it('a line sent while optiboot runs goes to the bootloader (which gives up and starts the sketch), never to the sketch', async () => {
    s = await openSim('uno', { id: '3f2a91c0', settleMs: 50 });
    const openedAtMs = s.sim.avr.timeMs;
    await s.runFor(500); // during the LED flashes
    s.send('\nPING 7\n'); // what a host that does not wait for BOOT would send
    await s.waitLine(/^BOOT /, 3000);
    // Not an STK500 command: optiboot lets its watchdog reset the chip at once and the sketch starts.
    expect(s.sim.avr.timeMs - openedAtMs).toBeLessThan(1000);
    s.send('PING 8\n');
    await s.waitLine(/^PONG 8 /);
    expect(s.lines.filter((l) => l.startsWith('PONG'))).toEqual([expect.stringMatching(/^PONG 8 /)]);
  });

  it('a board opened right after power-up reports reset cause power', async () => {
    s = await openSim('uno', { id: '00c0ffee' });
    expect(await s.waitLine(/^BOOT /, 3000)).toBe('BOOT 1 0.1.0 uno 00c0ffee 1 4 power');
  });

  it('LED levels 0, 64, 128, 255 show as measured PWM duty on pins 9, 10, 11, 3', async () => {
    s = await openSim('uno');
    await s.waitLine(/^BOOT /, 3000);
    s.send('\nCHANNELS 4\n');
    await s.waitLine('OK CHANNELS');
    const levels = [0, 64, 128, 255];
    levels.forEach((level, ch) => s!.send(`LED ${ch} ${level}\n`));
    await s.runUntil(() => s!.lines.filter((l) => l === 'OK LED').length === 4, 500);
    await s.runFor(40);
    levels.forEach((level, ch) => expect(near(s!.sim.ledLevel(ch), level), `channel ${ch}: measured ${s!.sim.ledLevel(ch)}, set ${level}`).toBe(true));
    // STATE reads back the set level, not the measurement.
    s.send('STATE 2\n');
    expect(await s.waitLine(/^STATE 2 /)).toBe('STATE 2 128 0');
  });

  it('FIRE: the LED is fully on for the pulse, then back at its level', async () => {
    s = await openSim('uno');
    await s.waitLine(/^BOOT /, 3000);
    s.send('LED 0 40\n');
    await s.waitLine('OK LED');
    await s.runFor(30);
    expect(near(s.sim.ledLevel(0), 40)).toBe(true);
    s.send('FIRE 0 150\n');
    await s.waitLine('OK FIRE');
    await s.runFor(60);
    expect(s.sim.ledDuty(0)).toBeGreaterThan(0.97);
    await s.runFor(150);
    expect(near(s.sim.ledLevel(0), 40)).toBe(true);
  });

  it('a bouncy press and release give exactly one BTN 0 1 and one BTN 0 0 (20 ms debounce)', async () => {
    s = await openSim('uno', { bounceMs: 5, seed: 7 });
    await s.waitLine(/^BOOT /, 3000);
    s.sim.press(0);
    await s.runFor(80);
    s.sim.release(0);
    await s.runFor(80);
    const btn = s.lines.filter((l) => l.startsWith('BTN'));
    expect(btn).toHaveLength(2);
    expect(btn[0]).toMatch(/^BTN 0 1 \d+$/);
    expect(btn[1]).toMatch(/^BTN 0 0 \d+$/);
    s.send('STATE 0\n');
    expect(await s.waitLine(/^STATE 0/)).toBe('STATE 0 0 0');
  });

  it('a contact that touches for less than the debounce time gives no BTN at all', async () => {
    s = await openSim('uno', { bounceMs: 2 });
    await s.waitLine(/^BOOT /, 3000);
    s.sim.setContact(0, true);
    await s.runFor(8);
    s.sim.setContact(0, false);
    await s.runFor(80);
    expect(s.lines.filter((l) => l.startsWith('BTN'))).toEqual([]);
  });

  it('a visitor\'s press and release sent back to back still give BTN 0 1 then BTN 0 0 (the release waits, in emulated time, for the debounce)', async () => {
    s = await openSim('uno', { bounceMs: 3, seed: 11 });
    await s.waitLine(/^BOOT /, 3000);
    s.sim.press(0);
    s.sim.release(0);
    await s.runUntil(() => s!.lines.filter((l) => l.startsWith('BTN')).length >= 2, 500);
    const btn = s.lines.filter((l) => l.startsWith('BTN'));
    expect(btn.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(['BTN 0 1', 'BTN 0 0']);
    // The press was held at least the debounce (20 ms) in the board's own clock.
    expect(Number(btn[1]!.split(' ')[3]) - Number(btn[0]!.split(' ')[3])).toBeGreaterThanOrEqual(20);
  });

  it('20 back-to-back press/release pairs give 20 presses: 20 BTN 0 1 and 20 BTN 0 0, alternating', async () => {
    s = await openSim('uno', { bounceMs: 3, seed: 5 });
    await s.waitLine(/^BOOT /, 3000);
    for (let i = 0; i < 20; i++) {
      s.sim.press(0);
      s.sim.release(0);
    }
    await s.runFor(40 * 40); // each move is held 33 ms (3 bounce + 20 debounce + 10 margin); nothing more comes after
    const btn = s.lines.filter((l) => l.startsWith('BTN')).map((l) => l.split(' ').slice(0, 3).join(' '));
    expect(btn).toEqual(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'BTN 0 1' : 'BTN 0 0')));
  });

  it('a release still waiting for its turn survives a reset of the board (the finger is not on the chip)', async () => {
    s = await openSim('uno', { bounceMs: 3 });
    await s.waitLine(/^BOOT /, 3000);
    s.sim.press(0);
    s.sim.release(0);
    expect(s.sim.pendingMoves(0)).toBe(1);
    s.sim.reset('watchdog');
    await s.runUntil(() => s!.sim.pendingMoves(0) === 0, 200);
    expect(s.sim.isPressed(0)).toBe(false);
  });

  it('PING is answered with PONG, the same sequence number and the board clock', async () => {
    s = await openSim('uno');
    await s.waitLine(/^BOOT /, 3000);
    s.send('PING 4294967295\n');
    expect(await s.waitLine(/^PONG /)).toMatch(/^PONG 4294967295 \d+$/);
  });

  it('faults from the host: garbage verbs, an overlong line, binary noise → ERR lines, and the board still answers', async () => {
    s = await openSim('uno');
    await s.waitLine(/^BOOT /, 3000);
    const from = s.lines.length;
    s.send('led 0 1\n');
    s.send(`${'X'.repeat(70)}\n`);
    s.port.write(Buffer.from([0x01, 0xff, 0x80, 0x41, 0x0a]));
    s.send('LED 0\n');
    s.send('LED 0 999\n');
    s.send('LED 3 1\n');
    await s.runUntil(() => s!.lines.slice(from).filter((l) => l.startsWith('ERR')).length >= 6, 500);
    expect(s.lines.slice(from)).toEqual(['ERR UNKNOWN', 'ERR LONG', 'ERR NOISE', 'ERR ARGS', 'ERR RANGE', 'ERR CHANNEL']);
    s.send('PING 1\n');
    expect(await s.waitLine(/^PONG 1 /)).toBeTruthy();
  });

  it('a flood of 300 lines sent back to back: every reply is a well-formed line (ERRs for the lines lost to overflow), never more replies than lines, and the board stays responsive', async () => {
    s = await openSim('uno');
    await s.waitLine(/^BOOT /, 3000);
    const from = s.lines.length;
    let flood = '';
    for (let i = 0; i < 300; i++) flood += i % 3 === 0 ? `PING ${i}\n` : i % 3 === 1 ? `LED 0 ${i % 256}\n` : 'NOPE\n';
    s.send(flood);
    // 300 lines take ~230 ms on the wire at 115200 baud; give the replies time to drain.
    await s.runFor(1000);
    const replies = s.lines.slice(from);
    expect(replies.length).toBeGreaterThan(100);
    expect(replies.length).toBeLessThanOrEqual(300);
    for (const line of replies) expect(line).toMatch(/^(PONG \d+ \d+|OK LED|ERR (UNKNOWN|LONG|NOISE|ARGS|RANGE|CHANNEL))$/);
    expect(replies.filter((l) => l === 'ERR UNKNOWN').length).toBeGreaterThanOrEqual(50);
    // A lone newline first, as the host does after any doubt, ends a half line left by the overflow.
    s.send('\nPING 7\n');
    expect(await s.waitLine(/^PONG 7 /, 500, from + replies.length)).toBeTruthy();
  });

  it('host silence for 5 s → IDLE and a breathing idle animation; the next command restores the set level', async () => {
    s = await openSim('uno');
    await s.waitLine(/^BOOT /, 3000);
    s.send('LED 0 200\n');
    await s.waitLine('OK LED');
    const idle = await s.waitLine(/^IDLE \d+$/, 6000);
    expect(idle).toBeTruthy();
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      await s.runFor(200);
      seen.push(s.sim.ledLevel(0));
    }
    expect(Math.max(...seen)).toBeLessThanOrEqual(70);
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(20);
    s.send('PING 3\n');
    await s.waitLine(/^PONG 3 /);
    await s.runFor(40);
    expect(near(s.sim.ledLevel(0), 200)).toBe(true);
  });

  it('the board id survives a reset (SETID, then a DTR reset): it is kept in the EEPROM', async () => {
    s = await openSim('uno', { id: '11111111' });
    await s.waitLine(/^BOOT /, 3000);
    s.send('SETID 1234abcd\n');
    await s.waitLine('OK SETID', 500);
    await s.runFor(50); // let the EEPROM writes finish
    const from = s.lines.length;
    await new Promise<void>((resolve, reject) => s!.port.set({ dtr: false }, (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => s!.port.set({ dtr: true }, (err) => (err ? reject(err) : resolve())));
    expect(await s.waitLine(/^BOOT /, 3000, from)).toBe('BOOT 1 0.1.0 uno 1234abcd 1 4 external');
  });

  for (const [fault, interruptsOn, cause] of [
    ['a main loop stuck in an endless loop', true, 'watchdog'],
    ['a wedge with interrupts disabled (the firmware\'s documented limit: reads as external)', false, 'external'],
  ] as const) {
    it(`the hardware watchdog reboots the board after ${fault}: BOOT … ${cause}`, async () => {
      s = await openSim('uno', { settleMs: 20 });
      await s.waitLine(/^BOOT /, 3000);
      // Wedge the firmware: send the CPU to avr-libc's endless `rjmp .-2` (_exit), as a hang would.
      const avr = s.sim.avr as unknown as { cpu: { pc: number; data: Uint8Array; progMem: Uint16Array } };
      const spin = avr.cpu.progMem.indexOf(0xcfff);
      expect(spin).toBeGreaterThan(0);
      if (!interruptsOn) avr.cpu.data[95]! &= 0x7f;
      avr.cpu.pc = spin;
      const from = s.lines.length;
      expect(await s.waitLine(/^BOOT /, 5000, from)).toBe(`BOOT 1 0.1.0 uno ${s.sim.id} 1 4 ${cause}`);
    });
  }
});

describe('firmware in the emulator (mega, nano)', () => {
  it('mega: boots as mega with 8 channels; LEDs on pins 2..12 and a bouncy button on pin 36 work', async () => {
    s = await openSim('mega', { id: 'abcdef01' });
    expect(await s.waitLine(/^BOOT /, 3000)).toBe('BOOT 1 0.1.0 mega abcdef01 1 8 power');
    s.send('CHANNELS 8\n');
    await s.waitLine('OK CHANNELS');
    const levels = [10, 60, 100, 150, 200, 255, 0, 128];
    levels.forEach((level, ch) => s!.send(`LED ${ch} ${level}\n`));
    await s.runUntil(() => s!.lines.filter((l) => l === 'OK LED').length === 8, 500);
    await s.runFor(40);
    levels.forEach((level, ch) => expect(near(s!.sim.ledLevel(ch), level), `mega channel ${ch}: ${s!.sim.ledLevel(ch)} vs ${level}`).toBe(true));
    s.sim.press(7);
    await s.runFor(60);
    s.sim.release(7);
    await s.runFor(60);
    expect(s.lines.filter((l) => l.startsWith('BTN')).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(['BTN 7 1', 'BTN 7 0']);
  });

  it('nano: boots as nano', async () => {
    s = await openSim('nano', { id: '0000beef' });
    expect(await s.waitLine(/^BOOT /, 3000)).toBe('BOOT 1 0.1.0 nano 0000beef 1 4 power');
  });

  it('a board with a blank EEPROM makes up an id from noise and keeps it', async () => {
    s = await openSim('uno', { id: null });
    const boot = await s.waitLine(/^BOOT /, 3000);
    const id = boot.split(' ')[4]!;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(id).not.toMatch(/^(00000000|ffffffff)$/);
    await s.runFor(50);
    s.sim.reset('external');
    expect(await s.waitLine(new RegExp(`^BOOT 1 0\\.1\\.0 uno ${id} `), 3000, s.lines.indexOf(boot) + 1)).toBeTruthy();
  });

  it('a board whose EEPROM was left by another sketch (no magic) makes up a fresh id instead of reusing bytes 4..7', async () => {
    // Another sketch's data: no "nb" magic, and bytes 4..7 that would read as the id deadbeef.
    const foreign = Uint8Array.from([0x12, 0x34, 0x01, 0x02, 0xde, 0xad, 0xbe, 0xef, 0x55, 0xaa]);
    s = await openSim('uno', { id: null, eeprom: foreign });
    const boot = await s.waitLine(/^BOOT /, 3000);
    const id = boot.split(' ')[4]!;
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(id).not.toBe('deadbeef');
    await s.runFor(50); // let the EEPROM writes finish
    expect([...s.sim.avr.eeprom.subarray(0, 3)]).toEqual([0x6e, 0x62, 0x01]);
    s.sim.reset('external');
    expect(await s.waitLine(/^BOOT /, 3000, s.lines.indexOf(boot) + 1)).toBe(`BOOT 1 0.1.0 uno ${id} 1 4 external`);
  });
});
