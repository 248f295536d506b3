/** Off loopback the controls need the token; presses are rate-limited per client. */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { isLoopbackHost } from '../../src/server/security.js';
import { startedExhibit } from './exhibitForTests.js';

const TOKEN = 'test-token-123456';

describe('bearer token when bound to a non-loopback address', () => {
  it('refuses to build for 0.0.0.0 without a token, and refuses a short token', async () => {
    const { exhibit } = await startedExhibit();
    expect(() => buildApp({ exhibit, host: '0.0.0.0' })).toThrow(/give a staff token or bind 127.0.0.1/);
    expect(() => buildApp({ exhibit, host: '0.0.0.0', token: 'short' })).toThrow(/is 5 characters long; it needs at least 16/);
    await exhibit.stop();
  });

  it('mutating routes: 401 NB_ERR_UNAUTHORIZED without the token or with a wrong one, 2xx with it', async () => {
    const { exhibit } = await startedExhibit();
    // Ten refusals in a row: more than the limit on failed tokens, which test/server/tokenAttempts.test.ts tries.
    const app = buildApp({ exhibit, host: '0.0.0.0', token: TOKEN, tokenAttempts: { max: 100 } });
    const requests = [
      { method: 'POST', url: '/api/inputs', payload: { values: [1, 0] } },
      { method: 'POST', url: '/api/boards/a0000001/press', payload: { pressed: true } },
      { method: 'POST', url: '/api/train', payload: { epochs: 1 } },
      { method: 'DELETE', url: '/api/train' },
      { method: 'POST', url: '/api/corpus', payload: { inputs: [0.25, 0.25], targets: [0] } },
    ] as const;
    for (const r of requests) {
      const none = await app.inject(r);
      expect(none.statusCode, `${r.method} ${r.url} without a token`).toBe(401);
      expect(none.json()).toMatchObject({ error: 'NB_ERR_UNAUTHORIZED', message: expect.stringMatching(/needs the staff token: send Authorization: Bearer <token>.*journalctl -u neuroboard/) });
      const wrong = await app.inject({ ...r, headers: { authorization: 'Bearer not-the-token-at-all' } });
      expect(wrong.statusCode, `${r.method} ${r.url} with a wrong token`).toBe(401);
      const ok = await app.inject({ ...r, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.statusCode, `${r.method} ${r.url} with the token: ${ok.body}`).toBeLessThan(300);
    }
    await exhibit.stopTraining();
    await app.close();
    await exhibit.stop();
  });

  it('reading stays open without a token: health, state, corpus, the dashboard', async () => {
    const { exhibit } = await startedExhibit();
    const app = buildApp({ exhibit, host: '192.168.1.20', token: TOKEN });
    for (const url of ['/api/health', '/api/state', '/api/corpus', '/', '/console/js/main.js']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    await app.close();
    await exhibit.stop();
  });

  it('on loopback no token is needed', async () => {
    const { exhibit } = await startedExhibit();
    const app = buildApp({ exhibit, host: '127.0.0.1', token: TOKEN });
    expect((await app.inject({ method: 'POST', url: '/api/inputs', payload: { values: [0, 1] } })).statusCode).toBe(200);
    await app.close();
    await exhibit.stop();
  });

  it('knows which hosts are loopback', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.org', '::ffff:10.0.0.1']) expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('press rate limit', () => {
  it('the 21st press within a second from one client → 429 NB_ERR_RATE_LIMITED; other routes are not limited', async () => {
    const { exhibit } = await startedExhibit();
    const app = buildApp({ exhibit, pressRateLimit: { max: 20, timeWindowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/boards/a0000001/press', payload: { pressed: i % 2 === 0 } });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json()).toMatchObject({ error: 'NB_ERR_RATE_LIMITED', message: expect.stringMatching(/retry in/) });
    }
    expect(codes.slice(0, 20).every((c) => c === 200)).toBe(true);
    expect(codes[20]).toBe(429);
    expect((await app.inject({ method: 'POST', url: '/api/inputs', payload: { values: [1, 1] } })).statusCode).toBe(200);
    await app.close();
    await exhibit.stop();
  });
});

describe('DNS rebinding on loopback', () => {
  it('answers only to localhost names when bound to loopback (bad input: a foreign Host header)', async () => {
    const { exhibit } = await startedExhibit();
    const app = buildApp({ exhibit });
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'localhost']) {
      expect((await app.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(200);
    }
    for (const host of ['evil.example', 'evil.example:8080', '192.168.1.20:8080']) {
      const reply = await app.inject({ method: 'POST', url: '/api/inputs', payload: { values: [1, 0] }, headers: { host } });
      expect(reply.statusCode, host).toBe(401);
      expect(reply.json()).toMatchObject({ error: 'NB_ERR_UNAUTHORIZED', message: expect.stringMatching(/only to localhost names/) });
    }
    await app.close();
    await exhibit.stop();
  });
});
