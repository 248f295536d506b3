/**
 * A web page of another origin cannot change the exhibit (docs/api.md, Access): a POST with no body
 * and no Content-Type (sendBeacon, a no-cors fetch) needs no preflight, so the server itself refuses
 * every change whose Origin is not its own, is `null`, or that the browser marks cross-site or
 * same-site; with 403 NB_ERR_CROSS_ORIGIN, changing nothing. Requests with no Origin (curl, scripts)
 * work as before. The same attack from a real browser page: test/browser/crossOrigin.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { crossOriginReason } from '../../src/server/sameOrigin.js';
import { startedExhibit, type TestExhibit } from './exhibitForTests.js';
import { exhibitSnapshot } from './exhibitSnapshot.js';
import { changingRoutes, recordRoutes } from './routeTable.js';

let running: Array<{ app: NbApp; t: TestExhibit }> = [];
afterEach(async () => {
  for (const { app, t } of running) {
    await app.close();
    await t.exhibit.stopTraining();
    await t.exhibit.stop();
  }
  running = [];
});

async function setup(host = '127.0.0.1') {
  const t = await startedExhibit();
  const app = buildApp({ exhibit: t.exhibit, host, ...(host === '127.0.0.1' ? {} : { token: 'test-token-0123456789' }) });
  const routes = recordRoutes(app);
  await app.ready();
  running.push({ app, t });
  return { app, t, changing: changingRoutes(routes) };
}

/** What a browser adds to a beacon or a no-cors fetch from another page (bad input: each one). */
const ATTACKS: Array<Record<string, string>> = [
  { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  { origin: 'https://evil.example' }, // an older browser: Origin only
  { origin: 'http://127.0.0.1:9999', 'sec-fetch-site': 'same-site' }, // another local server's page
  { origin: 'http://localhost:8081' },
  { origin: 'null' }, // a sandboxed frame, a file: page
  { 'sec-fetch-site': 'cross-site' },
  { origin: 'not a url' },
];

describe('changes from a page of another origin', () => {
  it('every changing route in the route table answers 403 NB_ERR_CROSS_ORIGIN to every attack and changes nothing', async () => {
    const { app, t, changing } = await setup();
    // The routes of every scope: control, story, corpus and training.
    expect(changing.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/corpus/reset', 'POST /api/corpus/forget-visitors', 'POST /api/story/play', 'POST /api/story/stop', 'POST /api/train/step', 'POST /api/corpus/:index/keep', 'DELETE /api/corpus/:index']),
    );
    const before = exhibitSnapshot(t.exhibit);
    for (const route of changing) {
      for (const headers of ATTACKS) {
        const reply = await app.inject({ method: route.method as 'POST', url: route.url, headers: { host: '127.0.0.1:8080', ...headers } });
        const what = `${route.method} ${route.url} with ${JSON.stringify(headers)}`;
        expect(reply.statusCode, what).toBe(403);
        expect(reply.json(), what).toEqual({ error: 'NB_ERR_CROSS_ORIGIN', message: expect.stringContaining(`refused ${route.method} ${route.url}: it was sent by `) });
      }
    }
    expect(exhibitSnapshot(t.exhibit)).toEqual(before);
  });

  it('the message names the page and says what to do instead', async () => {
    const { app } = await setup();
    const reply = await app.inject({ method: 'POST', url: '/api/corpus/reset', headers: { host: '127.0.0.1:8080', origin: 'https://evil.example' } });
    expect(reply.json().message).toBe(
      "refused POST /api/corpus/reset: it was sent by a page at https://evil.example, and only this exhibit's own pages may change it. " +
        'Use the console this server serves (http://127.0.0.1:8080/), or call the API from a program (curl, a script), not from another web page',
    );
  });

  it('off loopback too, even with the right token', async () => {
    const { app } = await setup('0.0.0.0');
    const reply = await app.inject({
      method: 'POST',
      url: '/api/train/step',
      headers: { host: '192.168.1.20:8080', origin: 'http://192.168.1.99', authorization: 'Bearer test-token-0123456789' },
    });
    expect(reply.statusCode).toBe(403);
  });

  it("the server's own pages and programs with no Origin still change it; reading is never checked", async () => {
    const { app } = await setup();
    const sameOrigin = [
      { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080', 'sec-fetch-site': 'same-origin' },
      { host: 'LOCALHOST', origin: 'http://localhost:80' }, // default port and case normalised
      { host: '[::1]:8080', origin: 'http://[::1]:8080' },
      { host: 'localhost:8080' }, // curl: no Origin
      { host: 'localhost:8080', 'sec-fetch-site': 'none' }, // typed in the address bar
    ];
    for (const headers of sameOrigin) {
      const reply = await app.inject({ method: 'POST', url: '/api/inputs', payload: { values: [1, 0] }, headers });
      expect(reply.statusCode, JSON.stringify(headers)).toBe(200);
    }
    const read = await app.inject({ method: 'GET', url: '/api/state', headers: { host: 'localhost:8080', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(read.statusCode).toBe(200);
  });

  it('crossOriginReason: host:port compared lowercased with default ports normalised', () => {
    expect(crossOriginReason({ host: 'exhibit.local', origin: 'http://Exhibit.Local:80' })).toBeNull();
    expect(crossOriginReason({ host: 'exhibit.local:443', origin: 'https://exhibit.local' })).toBeNull();
    expect(crossOriginReason({ host: 'exhibit.local:8080', origin: 'http://exhibit.local' })).toMatch(/a page at http:\/\/exhibit\.local/);
    expect(crossOriginReason({ origin: 'http://exhibit.local' })).toMatch(/a page at/); // no Host to compare with
    expect(crossOriginReason({ host: 'exhibit.local', 'sec-fetch-site': 'same-site' })).toMatch(/Sec-Fetch-Site: same-site/);
    expect(crossOriginReason({ host: 'exhibit.local' })).toBeNull();
  });
});
