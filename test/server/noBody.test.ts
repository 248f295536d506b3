/**
 * One rule for the routes that take no body (bodies.ts): no body, or `{}`, and anything else is a 400
 * naming what was sent. Found from the app's own routes (every POST, PUT and DELETE under /api/
 * whose schema has no body), so a route added later is covered too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { startedExhibit, type TestExhibit } from './exhibitForTests.js';

let app: NbApp;
let t: TestExhibit;
const bodyless: { method: string; url: string }[] = [];

beforeAll(async () => {
  t = await startedExhibit();
  app = buildApp({ exhibit: t.exhibit });
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const schema = route.schema as { body?: unknown } | undefined;
    if (!route.url.startsWith('/api/') || schema?.body !== undefined) return;
    for (const method of methods) if (method === 'POST' || method === 'PUT' || method === 'DELETE') bodyless.push({ method, url: route.url });
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.exhibit.stop();
});

/** A real address for a route pattern: the first board, the first example. */
const address = (url: string) => url.replace(':id', 'a0000001').replace(':index', '0');
const json = { 'content-type': 'application/json' };

describe('routes that take no body', () => {
  it('are every one the issue names (and any other found)', () => {
    const names = bodyless.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /api/train/step',
        'POST /api/corpus/reset',
        'POST /api/corpus/forget-visitors',
        'POST /api/corpus/:index/keep',
        'POST /api/story/play',
        'POST /api/story/stop',
        'DELETE /api/train',
        'DELETE /api/corpus/:index',
      ]),
    );
  });

  it.each([
    ['an object with a field', '{"x":1}', /^unknown field x: (POST|DELETE|PUT) \/api\/\S+ takes no body; send none \(or \{\}\)$/],
    ['a list', '[1]', /takes no body, but a list was sent; send none \(or \{\}\)/],
    ['a string', '"stop"', /takes no body, but the string "stop" was sent/],
    ['a number', '5', /takes no body, but the number 5 was sent/],
    ['null', 'null', /takes no body, but null was sent/],
  ])('refuse %s with 400 NB_ERR_INVALID_ARGUMENT naming it and the route', async (_name, payload, message) => {
    for (const route of bodyless) {
      const res = await app.inject({ method: route.method as 'POST', url: address(route.url), headers: json, payload });
      expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(400);
      expect(res.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', message: expect.stringMatching(message) });
      expect(res.json().message).toContain(`${route.method} ${route.url}`);
    }
  });

  it('take no body, and {} alike (whatever the route then answers, it is not about the body)', async () => {
    for (const route of bodyless) {
      for (const send of [{}, { headers: json, payload: '{}' }]) {
        await t.exhibit.stopTraining();
        const res = await app.inject({ method: route.method as 'POST', url: address(route.url), ...send });
        expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBeLessThan(500);
        if (res.statusCode === 400) expect(res.json().message).not.toMatch(/body/);
      }
    }
  });

  it('a body to an unknown route is still a 404, not a body complaint', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/nope', headers: json, payload: '{"x":1}' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('NB_ERR_NOT_FOUND');
  });
});
