/**
 * The site's worker answers the HTTP API's requests as the Node server does (src/hosts/browser/
 * exhibitRequests.ts): for the same exhibit, each request sent both ways (fastify's inject, and the
 * worker's answerRequest) gets the same status and the same body, refusals included (a bad press,
 * an unknown route, a missing field, a board that is not in the rig), so the pages cannot tell the
 * two hosts apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerRequest } from '../../src/hosts/browser/exhibitRequests.js';
import { ExhibitFeed } from '../../src/runtime/exhibitFeed.js';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { startedExhibit, type TestExhibit } from '../server/exhibitForTests.js';

let test: TestExhibit;
let app: NbApp;
let feed: ExhibitFeed;

beforeAll(async () => {
  test = await startedExhibit();
  app = buildApp({ exhibit: test.exhibit });
  await app.ready();
  feed = new ExhibitFeed(test.exhibit);
});

afterAll(async () => {
  feed?.close();
  await app?.close();
  await test?.exhibit.stop();
});

/** The same request both ways: the server's reply, then the worker's. */
async function both(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) {
  const http = await app.inject({ method, url: path, ...(body === undefined ? {} : { payload: body as object }) });
  const worker = await answerRequest(test.exhibit, feed, { method, path, ...(body === undefined ? {} : { body }) });
  return { http: { status: http.statusCode, body: http.body === '' ? null : (JSON.parse(http.body) as unknown) }, worker: { status: worker.status, body: JSON.parse(JSON.stringify(worker.body)) as unknown } };
}

describe('the site worker answers the API requests as the server does', () => {
  it.each([
    ['GET', '/api/corpus', undefined],
    ['GET', '/api/story', undefined],
    ['POST', '/api/inputs', { values: [1, 0] }],
    ['POST', '/api/inputs', { values: [1, 0, 1] }],
    ['POST', '/api/boards/a0000001/press', { click: true }],
    ['POST', '/api/boards/a0000001/press', { click: true, pressed: true }],
    ['POST', '/api/boards/a0000001/press', {}],
    ['POST', '/api/boards/nothere/press', { pressed: true }],
    ['PUT', '/api/train/pace', { pace: -1 }],
    ['DELETE', '/api/train', undefined],
    ['DELETE', '/api/corpus/99', undefined],
    ['POST', '/api/corpus/99/keep', undefined],
    ['GET', '/api/nothing', undefined],
  ] as const)('%s %s %j', async (method, path, body) => {
    const { http, worker } = await both(method, path, body);
    expect(worker.status).toBe(http.status);
    // A refusal: the same code, and a message naming the same field (the server words its schema's
    // refusals itself, and may add which route helps next).
    if (http.status >= 400) {
      const h = http.body as { error: string; message: string; field?: string };
      const w = worker.body as { error: string; message: string };
      expect(w.error).toBe(h.error);
      expect(w.message.length).toBeGreaterThan(10);
      if (h.field) expect(w.message).toContain(h.field.split('.').at(-1)!);
    } else {
      expect(worker.body).toEqual(http.body);
    }
  });

  it('GET /api/state: the same state, numbered from the same feed of events', async () => {
    const { http, worker } = await both('GET', '/api/state');
    expect(worker.status).toBe(200);
    const strip = (s: unknown) => {
      const { seq: _seq, boards, ...rest } = s as { seq: number; boards: { lastSeenMs: number; rttMs: number }[] };
      return { ...rest, boards: boards.map(({ lastSeenMs: _l, rttMs: _r, ...b }) => b) };
    };
    expect(strip(worker.body)).toEqual(strip(http.body));
  });
});
