/** The live stream over a real socket: what it carries, slow clients, and shutdown with clients on it. */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { startedExhibit, waitFor } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';

let server: RunningServer | null = null;
const readers: SseReader[] = [];

async function serve(events?: { maxBufferedBytes?: number; heartbeatMs?: number }) {
  const t = await startedExhibit();
  server = await startServer({ exhibit: t.exhibit, port: 0, handleSignals: false, ...(events ? { events } : {}) });
  return { ...t, server };
}

async function open(path = 'api/events') {
  const reader = await SseReader.open(`${server!.url}${path}`);
  readers.push(reader);
  return reader;
}

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await server?.close();
  server = null;
});

describe('GET /api/events', () => {
  it('starts with a hello holding the whole state, then delivers a trace and the cascade after a press', async () => {
    const { server } = await serve();
    const stream = await open();
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const hello = await stream.next('hello');
    expect(hello.data).toMatchObject({ rig: { name: 'xor' }, inputs: [0, 0] });
    const res = await fetch(`${server.url}api/boards/a0000001/press`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pressed: true }),
    });
    expect(res.status).toBe(200);
    const board = await stream.next('board');
    expect(board.data).toMatchObject({ id: 'a0000001', channels: [{ pressed: true }] });
    const trace = await stream.next('trace');
    expect(trace.data).toMatchObject({ source: 'button a0000001:0', inputs: [1, 0] });
    const step = await stream.next('cascade');
    expect(step.data).toMatchObject({ layer: 0, levels: [255, 0] });
  });

  it('carries training progress, corpus changes and log lines', async () => {
    const { server } = await serve();
    const stream = await open();
    await stream.next('hello');
    const post = (url: string, body: unknown) =>
      fetch(`${server.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('api/train', { method: 'backprop', epochs: 20 });
    expect((await stream.next('training')).data).toMatchObject({ running: true, method: 'backprop' });
    let done = await stream.next('training');
    while ((done.data as { running: boolean }).running) done = await stream.next('training');
    expect(done.data).toMatchObject({ running: false, method: 'backprop', step: 20 });
    await post('api/corpus', { inputs: [0.5, 0.5], targets: [1] });
    expect((await stream.next('corpus')).data).toMatchObject({ outcome: 'added', index: 4, size: 5 });
    expect((await stream.next('log')).data).toMatchObject({ level: 'info', message: expect.stringMatching(/teach/) });
  });

  it('numbers every event (seq, strictly increasing); hello and GET /api/state carry the number of the last event they reflect', async () => {
    const { server, exhibit } = await serve();
    const before = (await (await fetch(`${server.url}api/state`)).json()) as { seq: number; visitors: unknown };
    // the state as documented, with who is at the exhibit
    expect(before.visitors).toMatchObject({ idle: true, lastActivityAt: null });
    const stream = await open();
    const hello = (await stream.next('hello')).data as { seq: number };
    expect(hello.seq).toBeGreaterThanOrEqual(before.seq);
    exhibit.setInputs([1, 0]);
    const seqs: number[] = [];
    for (const name of ['trace', 'cascade', 'cascade', 'cascade']) seqs.push(((await stream.next(name)).data as { seq: number }).seq);
    expect(seqs[0]).toBeGreaterThan(hello.seq);
    expect(seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!)).toBe(true);
    const after = (await (await fetch(`${server.url}api/state`)).json()) as { seq: number; inputs: number[] };
    expect(after.seq).toBeGreaterThanOrEqual(seqs.at(-1)!);
    expect(after.inputs).toEqual([1, 0]);
  });

  it('sends a heartbeat comment when nothing happens', async () => {
    await serve({ heartbeatMs: 50 });
    const stream = await open();
    await stream.next('hello');
    const beat = await stream.next(':comment', 3000);
    expect(beat.data).toBe(': heartbeat');
    expect(stream.comments).toBeGreaterThan(0);
  });

  it('disconnects a client that stops reading instead of buffering for it without bound', async () => {
    const { server } = await serve({ maxBufferedBytes: 16 * 1024 });
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
    socket.pause(); // a phone that walked out of Wi-Fi range
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const hub = server.app.eventHub;
    await waitFor(() => hub.stats.clients === 1, 'the stalled client to connect');
    const filler = { text: 'x'.repeat(4000) };
    // The kernel buffers a few MB first; the hub must give up on the client well before memory grows.
    for (let sent = 0; hub.stats.slowDisconnects === 0; sent++) {
      if (sent > 100_000) throw new Error('the stalled client was never disconnected');
      hub.broadcast('log', filler);
      if (sent % 100 === 0) await new Promise((r) => setImmediate(r));
    }
    expect(hub.stats.clients).toBe(0);
    socket.resume();
    await closed;
  });

  it('app.close() returns promptly with SSE clients connected, and their streams end', async () => {
    const { server, exhibit } = await serve();
    const a = await open();
    const b = await open();
    await a.next('hello');
    await b.next('hello');
    const started = performance.now();
    await server.app.close();
    expect(performance.now() - started).toBeLessThan(2000);
    await Promise.all([a.ended(), b.ended()]);
    await exhibit.stop();
  });
});
