/**
 * Every kind of error a client can get, from our routes, from fastify (router, body parsing,
 * validation), from its plugins (static files, rate limit, token check) and from Node's HTTP parser
 * before a request reaches fastify, answers `{ error: NB_ERR_…, message }` with a 4xx, and its status
 * and code are a row of docs/api.md's error table. Sent over a real socket, as written (fetch and
 * inject would tidy `..` and bad escapes away before the server saw them).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/hosts/node/paths.js';
import { buildApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { startedExhibit, type TestExhibit } from './exhibitForTests.js';

/** `status code` pairs of the table under "## Errors" in docs/api.md. */
const documented = new Set(
  [...readFileSync(join(PACKAGE_ROOT, 'docs', 'api.md'), 'utf8').matchAll(/^\| (\d{3}) \| `(NB_ERR_[A-Z_]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`),
);

let t: TestExhibit;
let server: RunningServer;
let host: string;

beforeAll(async () => {
  t = await startedExhibit();
  server = await startServer({ exhibit: t.exhibit, port: 0, handleSignals: false, pressRateLimit: { max: 1, timeWindowMs: 60_000 } });
  host = new URL(server.url).host;
});
afterAll(async () => {
  await server.close();
});

/** Sends `text` as is and reads the whole answer (the requests all say Connection: close). */
function raw(text: string): Promise<{ status: number; headers: string; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let reply = '';
    socket.on('connect', () => socket.write(text));
    socket.on('data', (d) => (reply += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const split = reply.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0), headers: reply.slice(0, split), body: reply.slice(split + 4) });
    });
  });
}

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${extra}\r\n`;
const send = (method: string, path: string, body: string, contentType: string | null = 'application/json') =>
  `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${contentType ? `Content-Type: ${contentType}\r\n` : ''}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

type Case = [source: string, request: () => string, status: number, code: string, message: RegExp];

const cases: Case[] = [
  ['router: unknown route', () => get('/api/nope'), 404, 'NB_ERR_NOT_FOUND', /^no route GET \/api\/nope; see docs\/api\.md/],
  ['router: unknown method', () => `PROPFIND /api/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 404, 'NB_ERR_NOT_FOUND', /no route PROPFIND/],
  ['router FST_ERR_BAD_URL: a malformed URL', () => get('/%E0%A4%A'), 400, 'NB_ERR_INVALID_ARGUMENT', /the URL of GET \/%E0%A4%A is malformed: each % must start a valid UTF-8 escape/],
  ['router FST_ERR_BAD_URL under the visitor page', () => get('/exhibit/%E0%A4%A'), 400, 'NB_ERR_INVALID_ARGUMENT', /is malformed/],
  ['router FST_ERR_MAX_PARAM_LENGTH: a board id of 150 characters', () => send('POST', `/api/boards/${'a'.repeat(150)}/press`, '{"pressed":true}'), 400, 'NB_ERR_INVALID_ARGUMENT', /over 100 characters/],
  ['FST_ERR_ROUTE_MISSING_CONTENT_TYPE: QUERY without a Content-Type', () => `QUERY /api/state HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, 400, 'NB_ERR_INVALID_ARGUMENT', /has no Content-Type/],
  ['FST_ERR_VALIDATION', () => send('POST', '/api/inputs', '{"values":"1,0"}'), 400, 'NB_ERR_INVALID_ARGUMENT', /values must be a list/],
  ['FST_ERR_CTP_BODY_TOO_LARGE', () => send('POST', '/api/inputs', `{"values":[${'0,'.repeat(40_000)}0]}`), 413, 'NB_ERR_PAYLOAD_TOO_LARGE', /larger than 65536 bytes/],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE: text/plain', () => send('POST', '/api/inputs', '{"values":[1,0]}', 'text/plain'), 415, 'NB_ERR_UNSUPPORTED_MEDIA_TYPE', /Content-Type: application\/json/],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE: a Content-Type that does not parse', () => send('POST', '/api/inputs', '{"values":[1,0]}', '==='), 415, 'NB_ERR_UNSUPPORTED_MEDIA_TYPE', /Content-Type: application\/json/],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE: a body with no Content-Type', () => send('POST', '/api/train/step', '{}', null), 415, 'NB_ERR_UNSUPPORTED_MEDIA_TYPE', /Content-Type: application\/json/],
  ['JSON body: empty', () => send('POST', '/api/inputs', ''), 400, 'NB_ERR_INVALID_ARGUMENT', /the body is empty but Content-Type says JSON/],
  ['JSON body: not JSON', () => send('POST', '/api/inputs', '{"values": [1,'), 400, 'NB_ERR_INVALID_ARGUMENT', /^the body is not valid JSON \(.+\); send a JSON object$/],
  ['JSON body: a __proto__ key', () => send('POST', '/api/inputs', '{"values":[1,0],"__proto__":{"x":1}}'), 400, 'NB_ERR_INVALID_ARGUMENT', /"__proto__", which is forbidden .*remove it/],
  ['a body on a route that takes none', () => send('POST', '/api/corpus/reset', '{"all":true}'), 400, 'NB_ERR_INVALID_ARGUMENT', /unknown field all: POST \/api\/corpus\/reset takes no body/],
  ['static: a traversal out of the visitor page', () => get('/exhibit/../../etc/passwd'), 404, 'NB_ERR_NOT_FOUND', /^no route GET \/exhibit\/\.\.\/\.\.\/etc\/passwd; see docs\/api\.md/],
  ['static: an encoded traversal (%2e%2e)', () => get('/exhibit/%2e%2e/%2e%2e/etc/passwd'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: an encoded traversal with encoded slashes (..%2f)', () => get('/exhibit/..%2f..%2fpackage.json'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: a traversal out of the console', () => get('/../package.json'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: backslashes', () => get('/exhibit/..\\..\\package.json'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: a double slash (//etc/passwd)', () => get('//etc/passwd'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: a NUL byte', () => get('/exhibit/%00'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: a dot file', () => get('/exhibit/.git/config'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: a uPlot file that is not served', () => get('/vendor/uplot/uPlot.cjs.js'), 404, 'NB_ERR_NOT_FOUND', /^no route GET/],
  ['static: a Range outside the file', () => get('/console/index.html', 'Range: bytes=99999999-999999999\r\n'), 416, 'NB_ERR_INVALID_ARGUMENT', /byte range asked for \(Range header\) is outside the file/],
  ['static: an If-Match that does not hold', () => get('/console/index.html', 'If-Match: "nope"\r\n'), 412, 'NB_ERR_INVALID_ARGUMENT', /not the version the request's If-Match/],
  ['Node parser: not HTTP (an unknown method token)', () => `FOO / HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400, 'NB_ERR_INVALID_ARGUMENT', /not valid HTTP\/1\.1 \(HPE_INVALID_METHOD\)/],
  ['Node parser: both Content-Length and Transfer-Encoding', () => `POST /api/inputs HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n`, 400, 'NB_ERR_INVALID_ARGUMENT', /not valid HTTP\/1\.1/],
  ['Node parser: headers over 16 KiB', () => get('/api/health', `X-Big: ${'a'.repeat(20_000)}\r\n`), 431, 'NB_ERR_PAYLOAD_TOO_LARGE', /headers are larger than 16384 bytes/],
  ['Host check: a name other than localhost', () => `GET /api/state HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`, 401, 'NB_ERR_UNAUTHORIZED', /only to localhost names/],
  ['our route: a board that does not exist', () => send('POST', '/api/boards/ffffffff/press', '{"pressed":true}'), 404, 'NB_ERR_NOT_FOUND', /no board "ffffffff"/],
];

describe('every error a client can get follows the table', () => {
  it('the table parsed from docs/api.md has rows', () => {
    expect(documented.size).toBeGreaterThan(10);
  });

  it.each(cases.map((c) => ({ title: `${c[0]} → ${c[2]} ${c[3]}`, c })))('$title', async ({ c: [, request, status, code, message] }) => {
    const res = await raw(request());
    expect(res.status, res.body).toBe(status);
    expect(res.headers).toMatch(/\r\ncontent-type: application\/json; charset=utf-8/i);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(Object.keys(body).every((k) => ['error', 'message', 'field'].includes(k)), res.body).toBe(true);
    expect(body).toMatchObject({ error: code, message: expect.stringMatching(message) });
    expect(documented, `docs/api.md's error table has no row "${status} ${code}"`).toContain(`${status} ${code}`);
  });

  it('plugin @fastify/rate-limit: a second press within the window → 429 NB_ERR_RATE_LIMITED', async () => {
    const press = () => raw(send('POST', '/api/boards/a0000001/press', '{"pressed":true}'));
    await press();
    const res = await press();
    expect(res.status).toBe(429);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'NB_ERR_RATE_LIMITED', message: expect.stringMatching(/too many presses/) });
    expect(documented).toContain('429 NB_ERR_RATE_LIMITED');
  });

  it('plugin @fastify/bearer-auth: a change off loopback without the token → 401 NB_ERR_UNAUTHORIZED', async () => {
    const app = buildApp({ exhibit: t.exhibit, host: '0.0.0.0', token: 'a-token-of-16-chars' });
    const res = await app.inject({ method: 'POST', url: '/api/train/step' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'NB_ERR_UNAUTHORIZED', message: expect.stringMatching(/send Authorization: Bearer/) });
    await app.close();
  });

  it('FST_ERR_CTP_INVALID_CONTENT_LENGTH (a body shorter than its Content-Length, as inject can send) → 400', async () => {
    const app = buildApp({ exhibit: t.exhibit });
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: { 'content-type': 'application/json', 'content-length': '3' }, payload: '{"values":[1,0]}' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'NB_ERR_INVALID_ARGUMENT', message: expect.stringMatching(/not as long as its Content-Length header says/) });
    await app.close();
  });
});
