/** Learning people can watch, over a real socket: paced runs, try events, the pace and the single step. */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { startedExhibit, waitFor } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';

let server: RunningServer | null = null;
const readers: SseReader[] = [];

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await server?.close();
  server = null;
});

async function serve(rigPace?: number) {
  const t = await startedExhibit(rigPace === undefined ? {} : { rig: { training: { method: 'trial-and-error', targetLoss: 0.005, trainOnStart: false, pace: rigPace } } });
  server = await startServer({ exhibit: t.exhibit, port: 0, handleSignals: false });
  const stream = await SseReader.open(`${server.url}api/events`);
  readers.push(stream);
  await stream.next('hello');
  const send = (method: string, url: string, body?: unknown) =>
    fetch(`${server!.url}${url}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  return { ...t, stream, send };
}

interface Try {
  tried: number;
  kept: number;
  changed: number[];
  before: number;
  after: number;
  outcome: string;
}

describe('watching it learn (POST /api/train, PUT /api/train/pace, POST /api/train/step)', () => {
  it('starts again from a random guess at a watchable pace (even on a rig set to full speed), every try an event', async () => {
    const { send, stream } = await serve(0);
    const res = await send('POST', 'api/train', { fromRandomGuess: true, targetLoss: 0 });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ running: true, pace: 20 });
    const tries: Try[] = [];
    for (let i = 0; i < 3; i++) tries.push((await stream.next('try')).data as Try);
    expect(tries.map((t) => t.tried)).toEqual([1, 2, 3]);
    for (const t of tries) {
      expect(t.changed.length).toBeGreaterThan(0);
      expect(['kept', 'undone']).toContain(t.outcome);
      expect(typeof t.before).toBe('number');
    }
    const paced = await send('PUT', 'api/train/pace', { pace: 50 });
    expect(paced.status).toBe(200);
    expect(await paced.json()).toMatchObject({ running: true, pace: 50 });
    expect((await send('PUT', 'api/train/pace', { pace: -3 })).status).toBe(400);
    expect((await send('POST', 'api/train/step')).status).toBe(409);
    expect((await send('DELETE', 'api/train')).status).toBe(200);
    expect((await send('PUT', 'api/train/pace', { pace: 5 })).status).toBe(409);
  });

  it('each start from a random guess starts from a different guess', async () => {
    const { send, stream } = await serve();
    const firsts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await send('DELETE', 'api/train');
      expect((await send('POST', 'api/train', { fromRandomGuess: true, targetLoss: 0 })).status).toBe(202);
      let t = (await stream.next('try')).data as Try;
      while (t.tried !== 1) t = (await stream.next('try')).data as Try;
      firsts.push(t.before);
    }
    await send('DELETE', 'api/train');
    expect(new Set(firsts).size).toBe(3);
  });

  it('watch: true paces a run too; an explicit pace of 0 keeps full speed available', async () => {
    const { send, exhibit } = await serve(0);
    const watched = await send('POST', 'api/train', { watch: true, targetLoss: 0 });
    expect(await watched.json()).toMatchObject({ pace: 20 });
    await send('DELETE', 'api/train');
    const fast = await send('POST', 'api/train', { fromRandomGuess: true, pace: 0, epochs: 300, targetLoss: 0 });
    expect(await fast.json()).toMatchObject({ pace: 0 });
    await waitFor(() => !exhibit.trainingStatus.running, 'the full-speed run to end');
    expect(exhibit.trainingStatus.step).toBe(300);
  });

  it('takes one try at a time: the reply and the stream carry it, the LEDs show it, the changed neurons flicker', async () => {
    const { send, stream, source } = await serve();
    const res = await send('POST', 'api/train/step');
    expect(res.status).toBe(200);
    const reply = (await res.json()) as Try;
    expect(reply).toMatchObject({ tried: 1, total: 4 });
    // the same try on the stream, numbered as every event is (docs/api.md, seq)
    expect((await stream.next('try')).data).toEqual({ ...reply, seq: expect.any(Number) });
    expect((await stream.next('trace')).data).toMatchObject({ source: 'training' });
    const fires = (id: string) => source.boards.get(id)!.fires.length;
    await waitFor(() => fires('a0000003') + fires('a0000004') > 0, 'a changed neuron to flicker');
    expect(fires('a0000001') + fires('a0000002')).toBe(0); // inputs have no incoming weights
    const second = (await (await send('POST', 'api/train/step')).json()) as Try;
    expect(second.tried).toBe(2);
  });
});
