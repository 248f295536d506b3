/**
 * The event stream's caps over real sockets: a client holding the most streams one address may gets
 * a 503 that says why (and its connection closed), the API keeps answering, and a closed stream
 * frees its slot. The bookkeeping with many addresses is in streamCaps.test.ts.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_STREAMS_PER_ADDRESS } from '../../src/server/streamCaps.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { startedExhibit, waitFor } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';

let server: RunningServer | null = null;
const readers: SseReader[] = [];
/** Streams let in by `refusedStream` when the server (wrongly) took them. */
const strays: ClientRequest[] = [];

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  for (const r of strays.splice(0)) r.destroy();
  await server?.close();
  server = null;
});

async function serve(events?: { maxStreams?: number; maxStreamsPerAddress?: number }) {
  const t = await startedExhibit();
  server = await startServer({ exhibit: t.exhibit, port: 0, handleSignals: false, ...(events ? { events } : {}) });
  return server;
}

async function hold(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const reader = await SseReader.open(`${server!.url}api/events`);
    readers.push(reader);
    await reader.next('hello');
  }
}

/** A refused stream, read with node:http so the Connection header and the server's close can be seen. */
function refusedStream(): Promise<{ res: IncomingMessage; body: string; serverClosed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server!.url}api/events`, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      const serverClosed = new Promise<void>((done) => res.socket.once('close', () => done()));
      if (res.statusCode === 200) {
        // Let in: a stream that never ends by itself, so there is no body to wait for.
        strays.push(req);
        resolve({ res, body: '', serverClosed });
        return;
      }
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ res, body, serverClosed }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /api/events caps', () => {
  it(`one address holding ${DEFAULT_MAX_STREAMS_PER_ADDRESS} streams (the default cap) gets 503 NB_ERR_TOO_MANY_STREAMS for the next, with Retry-After, and the connection closed`, async () => {
    await serve();
    await hold(DEFAULT_MAX_STREAMS_PER_ADDRESS);
    const { res, body, serverClosed } = await refusedStream();
    expect(res.statusCode, body).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.headers.connection).toBe('close');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(body)).toEqual({
      error: 'NB_ERR_TOO_MANY_STREAMS',
      message: expect.stringMatching(/127\.0\.0\.1 already holds 10 live event streams, the most one address may hold.*Close the pages or tabs of this exhibit that nobody is looking at, then reload/),
    });
    await serverClosed; // the server closes it: a refused client holds no descriptor
    expect(server!.app.eventHub.stats).toMatchObject({ clients: DEFAULT_MAX_STREAMS_PER_ADDRESS, refused: 1 });
  });

  it('the API answers while the streams are held, and a closed stream frees its slot', async () => {
    await serve({ maxStreamsPerAddress: 2 });
    await hold(2);
    const health = await fetch(`${server!.url}api/health`);
    expect(health.status).toBe(200);
    expect((await refusedStream()).res.statusCode).toBe(503);
    readers.shift()!.close();
    await waitFor(() => server!.app.eventHub.stats.clients === 1, 'the closed stream to leave the hub');
    await hold(1);
    expect(server!.app.eventHub.stats.clients).toBe(2);
  });

  it('beyond the total cap the 503 names that cap', async () => {
    await serve({ maxStreams: 2, maxStreamsPerAddress: 5 });
    await hold(2);
    const { res, body } = await refusedStream();
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(body).message).toMatch(/already has 2 clients, the most this server takes at once \(events\.maxStreams\)/);
  });

  it('a stream dropped for reading too slowly frees its slot too', async () => {
    const s = await serve({ maxStreamsPerAddress: 1 });
    await hold(1);
    const hub = s.app.eventHub;
    // Any client over the byte budget is dropped; simulating one: a budget smaller than the next event.
    hub.broadcast('log', { text: 'x'.repeat(300 * 1024) });
    await waitFor(() => hub.stats.clients === 0, 'the client over its byte budget to be dropped');
    readers.splice(0).forEach((r) => r.close());
    await hold(1);
  });
});
