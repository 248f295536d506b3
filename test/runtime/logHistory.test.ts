/**
 * The exhibit keeps its last log lines (src/runtime/logHistory.ts) so a page opened later sees the
 * start-up: bounded, oldest first, in every state; off loopback their paths are cut as the stream's are.
 */
import { describe, expect, it } from 'vitest';
import { LOG_HISTORY_SIZE, LogHistory } from '../../src/runtime/logHistory.js';
import { buildApp } from '../../src/server/app.js';
import { startedExhibit, waitFor } from '../server/exhibitForTests.js';

describe('the log history', () => {
  it('keeps the newest lines only, oldest first', () => {
    const history = new LogHistory(3);
    for (let i = 1; i <= 5; i++) history.add({ level: 'info', message: `line ${i}`, at: i });
    expect(history.entries().map((l) => l.message)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(LOG_HISTORY_SIZE).toBe(100);
  });

  it("is in the exhibit's state from start-up on: the boards coming online, then what followed", async () => {
    const { exhibit } = await startedExhibit();
    await waitFor(() => exhibit.state().log.filter((l) => /online/.test(l.message)).length === 4, 'the four boards online in the log');
    exhibit.log('warn', `cannot save /home/anna/neuroboard/var/xor.state.json: EACCES: permission denied, open '/home/anna/x.tmp'`);
    const log = exhibit.state().log;
    expect(log[0]!.message).toMatch(/^board a000000\d online/);
    expect(log.at(-1)).toMatchObject({ level: 'warn', message: expect.stringContaining('/home/anna/') });

    const local = buildApp({ exhibit });
    expect((await local.inject({ method: 'GET', url: '/api/state' })).json().log.at(-1).message).toContain('/home/anna/');
    await local.close();
    // Off loopback anyone may read the state: the line keeps its problem, not the machine's folders.
    const lan = buildApp({ exhibit, host: '0.0.0.0', token: 'a-staff-token-of-some-length' });
    const shown = (await lan.inject({ method: 'GET', url: '/api/state', headers: { host: '192.168.1.20:8080' } })).json();
    expect(shown.log.at(-1).message).toBe('cannot save xor.state.json: permission denied');
    await lan.close();
    await exhibit.stop();
  });
});
