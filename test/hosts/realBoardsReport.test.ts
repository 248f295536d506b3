/**
 * What the "Connect boards" panel says (src/hosts/browser/realBoardsReport.ts), from the exhibit's
 * boards, the granted ports and the hardware source's notes: working, looked for, missing with what to
 * do, a board of another exhibit, a port that does not answer as a neuroboard, nothing connected yet.
 */
import { describe, expect, it } from 'vitest';
import { realBoardsReport } from '../../src/hosts/browser/realBoardsReport.js';
import type { BoardState } from '../../src/runtime/rigBoards.js';

const board = (id: string, name: string, online: boolean, path: string | null = null): BoardState => ({
  id,
  name,
  profile: 'uno',
  transport: 'serial',
  path,
  state: online ? 'online' : 'connecting',
  online,
  lastSeenMs: null,
  rttMs: null,
  reconnects: 0,
  channels: [],
});
const port = (path: string, vendorId = '2341', productId = '0043', boards = ['uno']) => ({ path, vendorId, productId, boards, likely: true });

describe('realBoardsReport', () => {
  it('nothing connected: one sentence saying to plug in and press Connect boards', () => {
    const r = realBoardsReport([board('a0000001', 'input', false)], [], []);
    expect(r.summary).toBe('No board is connected yet. Plug the boards in with USB cables, then press "Connect boards" and choose each one.');
    expect(r.lines).toEqual([{ tone: 'missing', text: expect.stringMatching(/^"input" \(board a0000001\) is missing\./) as string }]);
  });

  it('working, missing with both ways out, a stranger and a silent port, each in a sentence; an unplugged port\'s note is left out', () => {
    const r = realBoardsReport(
      [board('a0000001', 'input', true, 'webserial:1'), board('a0000002', 'answer', false)],
      [port('webserial:1'), port('webserial:2', '1a86', '7523', ['nano', 'nano-old']), port('webserial:3', '10c4', 'ea60', [])],
      [
        { path: 'webserial:2', strangerId: '3f2a91c0', message: 'board 3f2a91c0 on webserial:2 is not in the rig' },
        { path: 'webserial:3', strangerId: null, message: 'No BOOT or HELLO within 2500 ms.' },
        { path: 'webserial:9', strangerId: 'deadbeef', message: 'gone' },
      ],
    );
    expect(r.summary).toBe('1 of the 2 boards of this exhibit is working.');
    expect(r.lines).toEqual([
      { tone: 'found', text: '"input" (board a0000001) is plugged in and working (on webserial:1).' },
      { tone: 'missing', text: '"answer" (board a0000002) is missing. Plug it in and choose it with "Connect boards", or give a spare board the id a0000002 with "Flash a board".' },
      { tone: 'other', text: 'A board with id 3f2a91c0 is plugged in (webserial:2, looks like an Arduino nano or nano-old), but this exhibit has no board with that id. Flash it with the id of a missing board to use it.' },
      { tone: 'other', text: 'The device on webserial:3 (USB 10c4:ea60) did not answer as a neuroboard board: it may not have our firmware yet ("Flash a board" puts it on). It said: No BOOT or HELLO within 2500 ms.' },
    ]);
  });

  it('just chosen: a board not found yet is looked for, not missing; all found is said so', () => {
    const looking = realBoardsReport([board('a0000002', 'answer', false)], [port('webserial:1')], [], true);
    expect(looking.lines[0]).toEqual({ tone: 'starting', text: 'Looking for "answer" (board a0000002): a board takes about 2 seconds to start after it is opened.' });
    expect(realBoardsReport([board('a0000002', 'answer', true, 'webserial:1')], [port('webserial:1')], []).summary).toBe('The board of this exhibit is plugged in and working.');
  });
});
