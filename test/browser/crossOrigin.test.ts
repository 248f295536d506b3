/**
 * Another web page cannot change a loopback exhibit (issue 18 item 2), in real Chromium: a second
 * local HTTP server on another port serves a page that fires `navigator.sendBeacon` and
 * `fetch(…, { mode: 'no-cors' })` (no preflight) at every changing route, taken from the server's
 * own route table so a new route cannot be missed, from two origins: the same address on another
 * port (Sec-Fetch-Site: same-site) and another name for this machine (cross-site). Every request
 * that reaches the exhibit is refused with 403, and nothing changes: the network's weights, the
 * inputs, the corpus, training, the story. (Methods a no-cors fetch cannot use, PUT and DELETE,
 * need a CORS preflight, which the exhibit never grants; the page tries them as CORS requests.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { BOARDS_DIR } from '../../src/hosts/node/paths.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { loadRig } from '../../src/hosts/node/exhibitFiles.js';
import { buildApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { waitFor } from '../server/exhibitForTests.js';
import { exhibitSnapshot } from '../server/exhibitSnapshot.js';
import { changingRoutes, recordRoutes, type RegisteredRoute } from '../server/routeTable.js';
import { launch, type Browser } from './consoleHarness.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let browser: Browser;
let server: RunningServer;
let exhibit: Exhibit;
let attacker: Server;
let routes: RegisteredRoute[];
/** What the exhibit's server answered, by request id, from its own log. */
const answered = new Map<string, { method: string; url: string; status?: number }>();

/** The attacking page: fires at every route, then resolves `window.fired` with what the browser did. */
function attackPage(target: string): string {
  const script = `
    const routes = ${JSON.stringify(routes.map(({ method, url }) => ({ method, url })))};
    window.fired = (async () => {
      const did = [];
      for (const { method, url } of routes) {
        const at = ${JSON.stringify(target)} + url;
        if (method === 'POST') did.push(method + ' ' + url + ' beacon ' + navigator.sendBeacon(at));
        try {
          await fetch(at, { method, mode: 'no-cors' });
          did.push(method + ' ' + url + ' no-cors sent');
        } catch {
          // PUT and DELETE cannot be no-cors; as CORS requests they need a preflight first.
          did.push(method + ' ' + url + ' cors ' + (await fetch(at, { method }).then(() => 'answered', () => 'blocked')));
        }
      }
      return did;
    })();`;
  return `<!doctype html><meta charset="utf-8"><title>another site</title><script>${script}</script>`;
}

beforeAll(async () => {
  const loaded = await loadRig(join(BOARDS_DIR, 'rigs/xor.json'));
  exhibit = new Exhibit({
    scheduler: nodeScheduler,
    rig: { ...loaded.rig, cascade: { ...loaded.rig.cascade, stepDelayMs: 0 }, training: { ...loaded.rig.training, trainOnStart: false }, visitors: { ...loaded.rig.visitors, attract: false } },
    source: new ScriptedSource(),
    corpus: classicCorpus('xor'),
    story: loaded.story, // so /api/story/play would have something to play
  });
  await exhibit.teach({ inputs: [0.25, 0.75], targets: [1] }); // a visitor's example, example 4: keep and forget would change it
  // The route table, from the same buildApp the server runs; :index is the visitor's example.
  const probe = buildApp({ exhibit });
  const recorded = recordRoutes(probe, { index: '4' });
  await probe.ready();
  await probe.close();
  routes = changingRoutes(recorded);
  const log = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { reqId?: string; req?: { method: string; url: string }; res?: { statusCode: number } };
        if (!entry.reqId) continue;
        if (entry.req) answered.set(entry.reqId, { method: entry.req.method, url: entry.req.url });
        if (entry.res) answered.get(entry.reqId)!.status = entry.res.statusCode;
      }
      done();
    },
  });
  server = await startServer({ exhibit, port: 0, handleSignals: false, logger: { level: 'info', stream: log } });
  await waitFor(() => !exhibit.trainingStatus.running, 'the visitor example to be learnt', 20_000);
  const target = server.url.replace(/\/$/, '');
  attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(attackPage(target)));
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => attacker?.close(resolve));
  await server?.close();
});

describe('pages of other local origins', () => {
  it('fire beacons and no-cors fetches at every changing route: each one that arrives is refused with 403, and nothing changes', async () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/corpus/reset', 'POST /api/corpus/forget-visitors', 'POST /api/story/play', 'POST /api/story/stop', 'POST /api/train/step', 'POST /api/corpus/:index/keep', 'DELETE /api/corpus/:index']),
    );
    const before = exhibitSnapshot(exhibit);
    const port = (attacker.address() as AddressInfo).port;
    const posts = routes.filter((r) => r.method === 'POST').length;
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const page = await browser.context.newPage();
      await page.goto(`${origin}/`);
      const did = await page.evaluate(() => (window as unknown as { fired: Promise<string[]> }).fired);
      expect(did.filter((d) => d.endsWith('beacon false')), `${origin}: beacons the browser would not queue`).toEqual([]);
      expect(did.filter((d) => d.endsWith('cors answered')), `${origin}: preflights the exhibit granted`).toEqual([]);
      await page.close();
    }
    // Every POST arrived twice from each page (its beacon and its fetch), and was answered.
    const arrived = () => [...answered.values()].filter((a) => a.method !== 'GET' && a.method !== 'OPTIONS');
    await waitFor(() => arrived().length >= 2 * 2 * posts && arrived().every((a) => a.status !== undefined), `${2 * 2 * posts} beacons and fetches to be answered`);
    const notRefused = arrived().filter((a) => a.status !== 403);
    expect(notRefused, 'requests the exhibit did not refuse').toEqual([]);
    expect(new Set(arrived().map((a) => `${a.method} ${a.url}`))).toEqual(new Set(routes.filter((r) => r.method === 'POST').map((r) => `POST ${r.url}`)));
    expect(exhibitSnapshot(exhibit)).toEqual(before);
    expect(exhibit.story.state().playing).toBe(false);
  });
});
