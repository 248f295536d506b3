import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manualClock.js';
import { waitFor } from '../../transports/waitFor.js';
import { openRaw } from './rawLink.js';
import { fakeBoard } from '../../helpers/boards.js';

describe('FakeBoard speaks protocol v1 like the firmware', () => {
  it('replays the example session of PROTOCOL.md (BOOT on open, WHO, LED, FIRE, PING, ERR CHANNEL, ERR UNKNOWN, BTN, IDLE)', async () => {
    const clock = new ManualClock(1000);
    const device = fakeBoard({ id: '3f2a91c0', clock });
    const link = await openRaw(device);
    await waitFor(() => link.lines.length >= 1, { what: 'BOOT' });
    expect(link.lines[0]).toBe('BOOT 1 0.1.0 uno 3f2a91c0 1 4 external');
    expect(await link.exchange('WHO\n')).toEqual(['HELLO 1 0.1.0 uno 3f2a91c0 1 4']);
    expect(await link.exchange('LED 0 128\n')).toEqual(['OK LED']);
    expect(await link.exchange('FIRE 0 150\n')).toEqual(['OK FIRE']);
    clock.advance(342);
    expect(await link.exchange('PING 7\n')).toEqual(['PONG 7 342']);
    expect(await link.exchange('LED 9 1\n')).toEqual(['ERR CHANNEL']);
    expect(await link.exchange('led 0 1\n')).toEqual(['ERR UNKNOWN']);
    device.press(0);
    clock.advance(30);
    device.release(0);
    clock.advance(30);
    await waitFor(() => link.lines.length >= 9, { what: 'two BTN lines' });
    expect(link.lines.slice(7)).toEqual(['BTN 0 1 362', 'BTN 0 0 392']);
    clock.advance(5000);
    await waitFor(() => link.lines.length >= 10, { what: 'IDLE' });
    expect(link.lines[9]).toBe('IDLE 5342'); // 5000 ms after the last host line, at 342
    await link.close();
  });

  it('answers every ERR code: LONG, NOISE, UNKNOWN, ARGS, RANGE, CHANNEL; ignores empty lines and \\r', async () => {
    const device = fakeBoard({ resetOnOpen: false });
    const link = await openRaw(device);
    expect(await link.exchange(`PING ${'1'.repeat(60)}\n`)).toEqual(['ERR LONG']);
    expect(await link.exchange('WH\x00O\n')).toEqual(['ERR NOISE']);
    expect(await link.exchange('\xffWHO\n')).toEqual(['ERR NOISE']);
    expect(await link.exchange('JUMP\n')).toEqual(['ERR UNKNOWN']);
    expect(await link.exchange('LED 0\n')).toEqual(['ERR ARGS']);
    expect(await link.exchange('LED 0 256\n')).toEqual(['ERR RANGE']);
    expect(await link.exchange('CHANNELS 5\n')).toEqual(['ERR RANGE']);
    expect(await link.exchange('SETID ffffffff\n')).toEqual(['ERR RANGE']);
    expect(await link.exchange('STATE 1\n')).toEqual(['ERR CHANNEL']);
    // Empty lines get no reply: the next reply is the PING's.
    const before = link.lines.length;
    expect(await link.exchange('\n\r\n\nPING 1\r\n')).toEqual([expect.stringMatching(/^PONG 1 \d+$/)]);
    expect(link.lines).toHaveLength(before + 1);
    await link.close();
  });

  it('a half line split across writes is one command; an overlong line is answered once and the next line works', async () => {
    const device = fakeBoard({ resetOnOpen: false });
    const link = await openRaw(device);
    link.send('LE');
    expect(await link.exchange('D 0 9\n')).toEqual(['OK LED']);
    expect(await link.exchange(`${'Z'.repeat(300)}\nSTATE 0\n`, 2)).toEqual(['ERR LONG', 'STATE 0 9 0']);
    await link.close();
  });

  it('keeps CHANNELS and SETID across a reset (EEPROM), loses LED levels', async () => {
    const device = fakeBoard({ resetOnOpen: false, board: 'mega' });
    const link = await openRaw(device);
    expect(await link.exchange('CHANNELS 8\nSETID 0badcafe\nLED 7 50\n', 3)).toEqual(['OK CHANNELS', 'OK SETID', 'OK LED']);
    device.reset('watchdog');
    await waitFor(() => link.lines.at(-1)?.startsWith('BOOT') === true, { what: 'BOOT' });
    expect(link.lines.at(-1)).toBe('BOOT 1 0.1.0 mega 0badcafe 8 8 watchdog');
    expect(await link.exchange('STATE 7\n')).toEqual(['STATE 7 0 0']);
    await link.close();
  });

  it('debounces: a press shorter than 20 ms (a bounce) gives no BTN; presses on channels not in use give none', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ resetOnOpen: false, clock });
    const link = await openRaw(device);
    device.setContact(0, true);
    clock.advance(10);
    device.setContact(0, false);
    clock.advance(50);
    device.press(1); // channel 1 is not in use (1 channel)
    clock.advance(50);
    expect(await link.exchange('STATE 0\n')).toEqual(['STATE 0 0 0']);
    expect(link.lines).toEqual(['STATE 0 0 0']);
    await link.close();
  });

  it('a press and release sent back to back give BTN 0 1 and BTN 0 0: the release waits on the board clock until the press has counted', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ resetOnOpen: false, clock });
    const link = await openRaw(device);
    device.press(0);
    device.release(0);
    clock.advance(100);
    await waitFor(() => link.lines.length >= 2, { what: 'two BTN lines' });
    expect(link.lines).toEqual(['BTN 0 1 20', 'BTN 0 0 50']);
    await link.close();
  });

  it('20 back-to-back press/release pairs give 20 presses: 20 BTN 0 1 and 20 BTN 0 0, alternating', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ resetOnOpen: false, clock });
    const link = await openRaw(device);
    for (let i = 0; i < 20; i++) {
      device.press(0);
      device.release(0);
    }
    clock.advance(40 * 30 + 100);
    await waitFor(() => link.lines.length >= 40, { what: '40 BTN lines' });
    expect(link.lines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'BTN 0 1' : 'BTN 0 0')),
    );
    await link.close();
  });

  it('a press whose debounce timer runs late (a busy event loop) still counts when the release comes after the debounce time', async () => {
    // A clock whose time can move on while its timers wait, as on a loaded machine.
    let time = 0;
    const timers = new Set<{ at: number; fn: () => void }>();
    const clock = {
      now: () => time,
      setTimer: (fn: () => void, ms: number) => {
        const t = { at: time + ms, fn };
        timers.add(t);
        return t;
      },
      clearTimer: (t: unknown) => void timers.delete(t as { at: number; fn: () => void }),
    };
    const runDue = () => {
      for (const t of [...timers].sort((a, b) => a.at - b.at)) if (t.at <= time && timers.delete(t)) t.fn();
    };
    const device = fakeBoard({ resetOnOpen: false, clock });
    const link = await openRaw(device);
    device.setContact(0, true);
    time = 35; // the 20 ms debounce timer has not run yet
    device.setContact(0, false);
    time = 70;
    runDue();
    await waitFor(() => link.lines.length >= 2, { what: 'two BTN lines' });
    expect(link.lines).toEqual(['BTN 0 1 35', 'BTN 0 0 70']);
    await link.close();
  });

  it('silence watchdog: IDLE once after 5000 ms of host silence, the animation breathes 0–64, any command but IDLE ends it', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ resetOnOpen: false, clock, board: 'nano', channels: 2 });
    const link = await openRaw(device);
    expect(await link.exchange('LED 0 200\n')).toEqual(['OK LED']);
    clock.advance(4999);
    expect(device.idle).toBe(false);
    clock.advance(1);
    await waitFor(() => link.lines.length >= 2, { what: 'IDLE' });
    expect(link.lines[1]).toMatch(/^IDLE \d+$/);
    const seen = new Set<number>();
    for (let t = 0; t < 2000; t += 50) {
      clock.advance(50);
      seen.add(device.ledLevel(0));
      expect(device.ledLevel(1)).toBeLessThanOrEqual(64);
    }
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(64);
    clock.advance(20_000);
    expect(link.lines.filter((l) => l.startsWith('IDLE'))).toHaveLength(1);
    expect(await link.exchange('PING 3\n')).toEqual([expect.stringMatching(/^PONG 3 /)]);
    expect(device.idle).toBe(false);
    expect(device.ledLevel(0)).toBe(200);
    expect(await link.exchange('IDLE\n')).toEqual(['OK IDLE']);
    expect(device.idle).toBe(true);
    await link.close();
  });

  it('watchdog details as the firmware: empty lines are not activity, an ERR line ends the idle animation, silence after IDLE reports again', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ resetOnOpen: false, clock });
    const link = await openRaw(device);
    clock.advance(4000);
    link.send('\n\r\n');
    await waitFor(() => device.hostLines.length === 2, { what: 'the empty lines to arrive' });
    clock.advance(1000);
    await waitFor(() => link.lines.length === 1, { what: 'IDLE despite the empty lines' });
    expect(link.lines[0]).toBe('IDLE 5000');
    expect(await link.exchange('bogus\n')).toEqual(['ERR UNKNOWN']);
    expect(device.idle).toBe(false);
    expect(await link.exchange('IDLE\n')).toEqual(['OK IDLE']);
    clock.advance(5000);
    await waitFor(() => link.lines.length === 4, { what: 'a second IDLE' });
    expect(link.lines[3]).toBe('IDLE 10000');
    await link.close();
  });

  it('fire pulse: full brightness for ms, then the set level; STATE reads the set level, not the pulse', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ resetOnOpen: false, clock });
    const link = await openRaw(device);
    expect(await link.exchange('LED 0 30\nFIRE 0 100\n', 2)).toEqual(['OK LED', 'OK FIRE']);
    expect(device.ledLevel(0)).toBe(255);
    expect(await link.exchange('STATE 0\n')).toEqual(['STATE 0 30 0']);
    clock.advance(100);
    expect(device.ledLevel(0)).toBe(30);
    expect(device.fires).toEqual([{ channel: 0, ms: 100, atMillis: 0 }]);
    await link.close();
  });

  it('unplugged: the port cannot be opened (ENOENT) until replugged; no timers left running while unplugged', async () => {
    const clock = new ManualClock();
    const device = fakeBoard({ clock });
    device.press(0);
    device.unplug();
    expect(clock.pending).toBe(0);
    await expect(openRaw(device)).rejects.toThrow(/ENOENT/);
    device.replug();
    const link = await openRaw(device);
    await waitFor(() => link.lines.length >= 1, { what: 'BOOT' });
    expect(link.lines[0]).toMatch(/^BOOT 1 .* external$/);
    await link.close();
  });

  it('muted (a wedged board) takes lines but answers nothing', async () => {
    const device = fakeBoard({ resetOnOpen: false });
    const link = await openRaw(device);
    device.muted = true;
    link.send('PING 1\n');
    await waitFor(() => device.hostLines.includes('PING 1'), { what: 'the board to get PING 1' });
    device.muted = false;
    expect(await link.exchange('PING 2\n')).toEqual([expect.stringMatching(/^PONG 2 /)]);
    expect(link.lines).toHaveLength(1);
    await link.close();
  });
});
