/**
 * The bounds on how long a request may take to arrive (src/server/timeouts.ts), over real sockets
 * with short bounds: a body or headers sent a byte at a time, and a connection that sends nothing,
 * are cut with a 408 in the { error, message } shape soon after their bound, while an event stream
 * opened before them lives on past both.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { startedExhibit } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';

const BOUNDS = { requestMs: 1500, headersMs: 1000, checkEveryMs: 200, idleMs: 1000 };
/** Far below the 30 s check interval Node would otherwise use, far above a busy machine's hiccups. */
const CUT_WITHIN_MS = 8000;

let server: RunningServer | null = null;
const readers: SseReader[] = [];

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await server?.close();
  server = null;
});

async function serve() {
  const t = await startedExhibit();
  server = await startServer({ exhibit: t.exhibit, port: 0, handleSignals: false, timeouts: BOUNDS, events: { heartbeatMs: 100 } });
  return new URL(server.url);
}

/** Sends `head`, then `drip` every 100 ms until the server closes the connection: how long that took and what it said. */
function dripUntilClosed(url: URL, head: string, drip: string): Promise<{ ms: number; reply: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let reply = '';
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`the server did not cut the connection within ${CUT_WITHIN_MS} ms`));
    }, CUT_WITHIN_MS);
    socket.on('connect', () => {
      started = performance.now();
      if (head) socket.write(head);
      if (drip) timer = setInterval(() => socket.writable && socket.write(drip), 100);
    });
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ ms: performance.now() - started, reply });
    });
  });
}

function expect408(reply: string): void {
  expect(reply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  expect(reply).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/);
  const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4));
  expect(body).toEqual({ error: 'NB_ERR_REQUEST_TIMEOUT', message: expect.stringMatching(/arrived too slowly: its headers must arrive within 1 s and all of it within 1\.5 s; send it again/) });
}

describe('requests that arrive too slowly', () => {
  it('a body sent a byte at a time is cut with 408 NB_ERR_REQUEST_TIMEOUT soon after the request bound', async () => {
    const url = await serve();
    const head = `POST /api/inputs HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`;
    const { ms, reply } = await dripUntilClosed(url, head, ' ');
    expect(ms).toBeGreaterThanOrEqual(BOUNDS.requestMs);
    expect408(reply);
  });

  it('headers sent a line at a time are cut with 408 soon after the headers bound', async () => {
    const url = await serve();
    const { ms, reply } = await dripUntilClosed(url, `GET /api/health HTTP/1.1\r\nHost: ${url.host}\r\n`, 'X-Slow: 1\r\n');
    expect(ms).toBeGreaterThanOrEqual(BOUNDS.headersMs);
    expect408(reply);
  });

  it('a connection that sends nothing is closed after the headers bound', async () => {
    const url = await serve();
    const { ms } = await dripUntilClosed(url, '', '');
    expect(ms).toBeGreaterThanOrEqual(BOUNDS.headersMs);
  });

  it('an event stream opened before a slow body outlives the cut (a stream is not a request still arriving)', async () => {
    const url = await serve();
    const stream = await SseReader.open(`${url}api/events`);
    readers.push(stream);
    await stream.next('hello');
    const opened = performance.now();
    const head = `POST /api/inputs HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`;
    expect408((await dripUntilClosed(url, head, ' ')).reply);
    // The check that cut the body saw the stream too; heartbeats keep coming for several checks more.
    const pastChecks = BOUNDS.requestMs + 3 * BOUNDS.checkEveryMs;
    while (performance.now() - opened < pastChecks) await stream.next(':comment');
    await stream.next(':comment');
    expect(server!.app.eventHub.stats.clients).toBe(1);
  });

  it('a keep-alive connection left idle after its answer is closed after the idle bound, not held for 72 s', async () => {
    const url = await serve();
    const { ms, reply } = await dripUntilClosed(url, `GET /api/health HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`, '');
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply).toMatch(/\r\nConnection: keep-alive\r\n/i);
    expect(ms).toBeGreaterThanOrEqual(BOUNDS.idleMs);
  });

  it('a request sent whole is answered as usual', async () => {
    const url = await serve();
    const res = await fetch(`${url}api/inputs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"values":[1,0]}' });
    expect(res.status).toBe(200);
  });

  it('buildApp refuses a headers bound longer than the request bound, naming both', async () => {
    const t = await startedExhibit();
    expect(() => buildApp({ exhibit: t.exhibit, timeouts: { requestMs: 1000, headersMs: 2000 } })).toThrow(/timeouts\.headersMs \(2000\) must not be longer than timeouts\.requestMs \(1000\)/);
    expect(() => buildApp({ exhibit: t.exhibit, timeouts: { checkEveryMs: 0 } })).toThrow(/timeouts\.checkEveryMs must be a whole number of milliseconds/);
    await t.exhibit.stop();
  });
});
