import { afterEach, describe, expect, it, vi } from 'vitest';
import { NbError } from '../../src/core/errors.js';
import { decodeBoardLine, type BoardMessage } from '../../src/protocol/index.js';
import { answers, CommandQueue } from '../../src/transports/commandQueue.js';

function msg(line: string): BoardMessage {
  const m = decodeBoardLine(line);
  if (m.kind === 'error') throw new Error(m.reason);
  return m;
}

function queue(options: { maxQueued?: number; replyMs?: number } = {}) {
  const written: string[] = [];
  const q = new CommandQueue({ write: (line) => written.push(line), describe: () => 'board 3f2a91c0 on /dev/test', replyMs: options.replyMs ?? 1000, maxQueued: options.maxQueued ?? 32 });
  return { q, written };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CommandQueue', () => {
  it('matches replies first in, first out, and checks each reply fits its command', () => {
    expect(answers({ kind: 'led', channel: 0, level: 1 }, msg('OK LED'))).toBe(true);
    expect(answers({ kind: 'led', channel: 0, level: 1 }, msg('OK FIRE'))).toBe(false);
    expect(answers({ kind: 'ping', seq: 7 }, msg('PONG 8 1'))).toBe(false);
    expect(answers({ kind: 'state', channel: 1 }, msg('STATE 0 1 0'))).toBe(false);
    expect(answers({ kind: 'who' }, msg('HELLO 1 0.1.0 uno 3f2a91c0 1 4'))).toBe(true);
    expect(answers({ kind: 'idle' }, msg('ERR RANGE'))).toBe(true);
    expect(answers({ kind: 'idle' }, msg('BTN 0 1 1'))).toBe(false);
  });

  // PROTOCOL.md: the board's receive buffer stores 63 bytes; the host keeps at most 48 unanswered.
  const WINDOW = 48;
  it('keeps the bytes in flight within the 48-byte host window, a margin below the board\'s 63-byte receive buffer (40 pings sent at once)', async () => {
    const { q, written } = queue({ maxQueued: 100 });
    const replies = Array.from({ length: 40 }, (_, i) => q.send({ kind: 'ping', seq: 1_000_000 + i }));
    const bytes = () => written.reduce((sum, line) => sum + line.length + 1, 0);
    expect(bytes()).toBeLessThanOrEqual(WINDOW);
    let answered = 0;
    while (answered < 40) {
      expect(q.reply(msg(`PONG ${1_000_000 + answered} 5`))).toBe(true);
      answered++;
      expect(bytes() - written.slice(0, answered).reduce((s, l) => s + l.length + 1, 0)).toBeLessThanOrEqual(WINDOW);
    }
    expect(written).toHaveLength(40);
    await Promise.all(replies);
  });

  it('a newer LED level for a channel supersedes one not yet sent; both callers resolve', async () => {
    const { q, written } = queue();
    const first = q.send({ kind: 'ping', seq: 1 });
    const filler = Array.from({ length: 8 }, (_, i) => q.send({ kind: 'fire', channel: i % 8, ms: 2000 })); // fills the 48-byte window
    const levels = Array.from({ length: 50 }, (_, i) => q.send({ kind: 'led', channel: 0, level: i }));
    expect(q.size).toBeLessThanOrEqual(1 + 8 + 1);
    q.reply(msg('PONG 1 0'));
    for (let i = 0; i < 8; i++) q.reply(msg('OK FIRE'));
    expect(written.filter((l) => l.startsWith('LED'))).toEqual(['LED 0 49']);
    q.reply(msg('OK LED'));
    await Promise.all([first, ...filler, ...levels]);
  });

  it('refuses with NB_ERR_BOARD_BUSY past maxQueued waiting commands (a board not keeping up)', async () => {
    const { q } = queue({ maxQueued: 3 });
    const sent = Array.from({ length: 20 }, (_, i) => q.send({ kind: 'ping', seq: 4_000_000_000 + i }));
    const codes: unknown[] = new Array(20).fill('pending');
    sent.forEach((p, i) => p.catch((err: NbError) => (codes[i] = err.code)));
    await new Promise((resolve) => setImmediate(resolve));
    // 3 PINGs of 16 bytes fit the 48-byte host window, 3 wait, the rest are refused at once.
    expect(codes).toEqual([...new Array(6).fill('pending'), ...new Array(14).fill('NB_ERR_BOARD_BUSY')]);
    q.failAll(new NbError('NB_ERR_BOARD_OFFLINE', 'test over'));
    await Promise.allSettled(sent);
  });

  it('a reply that fits a later command means the earlier replies were lost on the wire: those fail at once with NB_ERR_PROTOCOL', async () => {
    const { q } = queue();
    const led = q.send({ kind: 'led', channel: 0, level: 1 });
    const ping = q.send({ kind: 'ping', seq: 9 });
    expect(q.reply(msg('PONG 9 100'))).toBe(true);
    await expect(led).rejects.toMatchObject({ code: 'NB_ERR_PROTOCOL' });
    await expect(ping).resolves.toMatchObject({ message: { kind: 'pong', seq: 9 } });
    expect(q.reply(msg('OK LED'))).toBe(false); // the late reply is a stray now
  });

  it('times out a command with no reply (NB_ERR_BOARD_TIMEOUT naming board and line), leaving no timer behind', async () => {
    vi.useFakeTimers();
    const { q } = queue({ replyMs: 100 });
    const led = q.send({ kind: 'led', channel: 2, level: 7 });
    const check = expect(led).rejects.toMatchObject({ code: 'NB_ERR_BOARD_TIMEOUT', message: expect.stringMatching(/board 3f2a91c0 on \/dev\/test.*"LED 2 7"/) });
    vi.advanceTimersByTime(100);
    await check;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('failAll rejects written and waiting commands and clears every timer', async () => {
    vi.useFakeTimers();
    const { q } = queue();
    const all = Array.from({ length: 12 }, (_, i) => q.send({ kind: 'ping', seq: i }));
    q.failAll(new NbError('NB_ERR_BOARD_OFFLINE', 'unplugged'));
    for (const r of await Promise.allSettled(all)) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'NB_ERR_BOARD_OFFLINE' } });
    expect(vi.getTimerCount()).toBe(0);
    expect(q.size).toBe(0);
  });
});
