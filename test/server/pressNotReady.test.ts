/**
 * A press the exhibit cannot deliver is refused, never answered 2xx and lost: while a board starts,
 * is offline or the exhibit shuts down, POST /api/boards/:id/press answers 503 NB_ERR_BOARD_NOT_READY
 * with Retry-After and a message naming the board, its state and what to do; nothing is pressed. Once
 * the board is online the same press counts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import type { RigBoard } from '../../src/runtime/rig/schema.js';
import { buildApp } from '../../src/server/app.js';
import { ScriptedBoard } from '../helpers/scriptedBoard.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig, waitFor } from './exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

/** Scripted boards that open only when the test lets them (a board still starting). */
class SlowStartSource extends ScriptedSource {
  private release: () => void = () => undefined;
  private readonly started = new Promise<void>((resolve) => (this.release = resolve));
  /** Every press that reached a board, as `id:channel:pressed`. */
  readonly presses: string[] = [];

  override async open(board: RigBoard): Promise<ScriptedBoard> {
    await this.started;
    return super.open(board);
  }
  override press(boardId: string, channel: number, pressed: boolean): void {
    this.presses.push(`${boardId}:${channel}:${pressed}`);
    super.press(boardId, channel, pressed);
  }
  letStart(): void {
    this.release();
  }
}

const exhibits: Exhibit[] = [];
afterEach(async () => {
  for (const e of exhibits.splice(0)) await e.stop();
});

async function slowStart(): Promise<{ exhibit: Exhibit; source: SlowStartSource; app: ReturnType<typeof buildApp> }> {
  const source = new SlowStartSource();
  // A yanked board stays offline for the test: the first reopen is a minute away.
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source, corpus: classicCorpus('xor'), supervisorTiming: { backoffInitialMs: 60_000 } });
  exhibits.push(exhibit);
  exhibit.start();
  return { exhibit, source, app: buildApp({ exhibit }) };
}

const press = (app: ReturnType<typeof buildApp>, body: object, board = 'a0000001') =>
  app.inject({ method: 'POST', url: `/api/boards/${board}/press`, payload: body });

describe('a press the exhibit cannot deliver', () => {
  it('is refused while the board starts (503, Retry-After, says which board and to try again in a second), and counts once it is online', async () => {
    const { exhibit, source, app } = await slowStart();
    expect(exhibit.state().boards[0]).toMatchObject({ id: 'a0000001', state: 'connecting' });
    for (const body of [{ pressed: true }, { click: true }]) {
      const refused = await press(app, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.json()).toEqual({
        error: 'NB_ERR_BOARD_NOT_READY',
        message: 'board a0000001 (input A) is starting: its button counts once it is online; try again in a second',
      });
    }
    expect(source.presses).toEqual([]);
    expect(exhibit.state().inputs).toEqual([0, 0]);
    expect(exhibit.visitors.idle).toBe(true); // a refused press is nobody's action: the story is not handed over

    source.letStart();
    await waitFor(() => exhibit.state().boards.every((b) => b.online), 'the boards to come online');
    const counted = await press(app, { click: true });
    expect(counted.statusCode).toBe(200);
    expect(exhibit.state().inputs).toEqual([1, 0]);
    await app.close();
  });

  it('is refused while the board is offline (the message names why and what staff check); a release still lets go of the button and is refused the same way', async () => {
    const { exhibit, source, app } = await slowStart();
    source.letStart();
    await waitFor(() => exhibit.state().boards.every((b) => b.online), 'the boards to come online');
    expect((await press(app, { pressed: true })).statusCode).toBe(200);
    source.boards.get('a0000001')!.yank();
    expect(exhibit.state().boards[0]).toMatchObject({ state: 'offline', online: false });

    const refused = await press(app, { pressed: true });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toEqual({
      error: 'NB_ERR_BOARD_NOT_READY',
      message: 'board a0000001 (input A) is offline (port disconnected): its button cannot count until it is back; staff: check its cable and power (it is reopened by itself)',
    });
    const pressesBefore = source.presses.length;
    const release = await press(app, { pressed: false });
    expect(release.statusCode).toBe(503);
    expect(source.presses.slice(pressesBefore)).toEqual(['a0000001:0:false']);
    await app.close();
  });

  it('is refused once the exhibit has stopped (503): no 2xx for a press nobody will see', async () => {
    const { exhibit, source, app } = await slowStart();
    source.letStart();
    await waitFor(() => exhibit.state().boards.every((b) => b.online), 'the boards to come online');
    await exhibit.stop();
    exhibits.splice(exhibits.indexOf(exhibit), 1);
    const refused = await press(app, { click: true });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().message).toBe('board a0000001 (input A) is stopped (the exhibit is shutting down): its button cannot count');
    await app.close();
  });

  it('hardware boards still answer 409 (press them by hand), whatever their state', async () => {
    const source = new ScriptedSource('hardware');
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source, corpus: classicCorpus('xor') });
    exhibits.push(exhibit);
    const app = buildApp({ exhibit }); // not started: every board is stopped
    const refused = await press(app, { pressed: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'NB_ERR_CONFLICT', message: expect.stringMatching(/real hardware/) });
    await app.close();
  });
});
