/**
 * A kiosk (`start --kiosk`, `staffTokenOnLoopback`): the visitor page on the screen beside the
 * boards must lead nowhere a visitor could wipe the staff's work. On loopback too, every change
 * needs the staff token, except a visitor's two: a press and "start again from a random guess"
 * (POST /api/train/restart), which are open to this machine's own screen only. The same in a real
 * browser, touch only: test/browser/kiosk.test.ts.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskServerUrl } from '../../src/cli/kiosk.js';
import { EXHIBIT_DIR, KIT_DIR } from '../../src/server/routes/static.js';
import { buildApp, type BuildAppOptions, type NbApp } from '../../src/server/app.js';
import { startedExhibit, type TestExhibit, waitFor } from './exhibitForTests.js';
import { exhibitSnapshot } from './exhibitSnapshot.js';
import { changingRoutes, recordRoutes } from './routeTable.js';

const TOKEN = 'kiosk-staff-token-0123456789';
const VISITOR_ROUTES = ['POST /api/boards/:id/press', 'POST /api/train/restart'];

let running: Array<{ app: NbApp; t: TestExhibit }> = [];
afterEach(async () => {
  for (const { app, t } of running) {
    await app.close();
    await t.exhibit.stopTraining();
    await t.exhibit.stop();
  }
  running = [];
});

async function setup(options: Partial<BuildAppOptions> = {}) {
  const t = await startedExhibit();
  const app = buildApp({ exhibit: t.exhibit, staffTokenOnLoopback: true, token: TOKEN, tokenAttempts: { max: 1000 }, ...options });
  const routes = recordRoutes(app);
  await app.ready();
  running.push({ app, t });
  return { app, t, changing: changingRoutes(routes) };
}

/** A body each visitor route takes. */
const VISITOR_BODY: Record<string, object | undefined> = { 'POST /api/boards/:id/press': { click: true }, 'POST /api/train/restart': undefined };

describe('a kiosk on loopback', () => {
  it("every change but a visitor's answers 401 without the token and changes nothing", async () => {
    const { app, t, changing } = await setup();
    const staffOnly = changing.filter((r) => !VISITOR_ROUTES.includes(`${r.method} ${r.path}`));
    expect(staffOnly.length).toBe(changing.length - 2);
    const before = exhibitSnapshot(t.exhibit);
    for (const route of staffOnly) {
      const reply = await app.inject({ method: route.method as 'POST', url: route.url, headers: { host: '127.0.0.1:8080' }, ...(route.method === 'DELETE' ? {} : { payload: {} }) });
      expect(reply.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(reply.json()).toMatchObject({ error: 'NB_ERR_UNAUTHORIZED', message: expect.stringMatching(/journalctl -u neuroboard/) });
    }
    expect(exhibitSnapshot(t.exhibit)).toEqual(before);
  });

  it('a press and "start again" need no token; staff with the token change the rest', async () => {
    const { app, t } = await setup();
    const press = await app.inject({ method: 'POST', url: '/api/boards/a0000001/press', payload: { click: true }, headers: { host: '127.0.0.1:8080' } });
    expect(press.statusCode).toBe(200);
    const restart = await app.inject({ method: 'POST', url: '/api/train/restart', headers: { host: '127.0.0.1:8080' } });
    expect(restart.statusCode, restart.body).toBe(202);
    expect(restart.json()).toMatchObject({ running: true, method: 'trial-and-error' });
    const reset = await app.inject({ method: 'POST', url: '/api/corpus/reset', headers: { host: '127.0.0.1:8080', authorization: `Bearer ${TOKEN}` } });
    expect(reset.statusCode).toBe(200);
    await t.exhibit.stopTraining();
  });

  it('bound to the LAN as well: a visitor route is open to this machine\'s screen only (bad input: a phone, a rebound name)', async () => {
    const { app } = await setup({ host: '0.0.0.0' });
    for (const route of VISITOR_ROUTES) {
      const [method, path] = route.split(' ') as ['POST', string];
      const url = path.replace(':id', 'a0000001');
      const payload = VISITOR_BODY[route];
      const phone = await app.inject({ method, url, payload, remoteAddress: '192.168.1.50', headers: { host: '192.168.1.20:8080' } });
      expect(phone.statusCode, `${route} from a phone`).toBe(401);
      const rebound = await app.inject({ method, url, payload, remoteAddress: '127.0.0.1', headers: { host: 'evil.example:8080' } });
      expect(rebound.statusCode, `${route} naming another host`).toBe(401);
      const screen = await app.inject({ method, url, payload, remoteAddress: '127.0.0.1', headers: { host: '127.0.0.1:8080' } });
      expect(screen.statusCode, `${route} from the kiosk's screen`).toBeLessThan(300);
    }
  });
});

describe('POST /api/train/restart', () => {
  it('stops the run going and starts the rig\'s method from a fresh guess, at the pace people watch', async () => {
    const { app, t } = await setup({ staffTokenOnLoopback: false, token: null });
    t.exhibit.train({ method: 'trial-and-error', targetLoss: 0, pace: 5 });
    const reply = await app.inject({ method: 'POST', url: '/api/train/restart', payload: {} });
    expect(reply.statusCode, reply.body).toBe(202);
    expect(reply.json()).toMatchObject({ running: true, method: t.exhibit.rig.training.method, pace: t.exhibit.rig.training.pace, step: 0 });
    await waitFor(() => t.exhibit.trainingStatus.step > 0, 'the restarted run to take a step');
  });

  it('takes no options (bad input: a field), and needs the token off loopback like every change', async () => {
    const { app } = await setup({ staffTokenOnLoopback: false, token: null });
    const withField = await app.inject({ method: 'POST', url: '/api/train/restart', payload: { method: 'backprop' } });
    expect(withField.statusCode).toBe(400);
    expect(withField.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', field: 'method' });
    const lan = await setup({ staffTokenOnLoopback: false, host: '0.0.0.0' });
    expect((await lan.app.inject({ method: 'POST', url: '/api/train/restart' })).statusCode).toBe(401);
  });
});

describe('the visitor page', () => {
  it('never leads to the staff console: no link to it in the page or its scripts, no word for it in any language', async () => {
    const html = await readFile(join(EXHIBIT_DIR, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<a\b/);
    // its own scripts and the kit it shares with the console
    const scripts = [...(await readdir(join(EXHIBIT_DIR, 'js'))).map((f) => join(EXHIBIT_DIR, 'js', f)), ...(await readdir(KIT_DIR)).map((f) => join(KIT_DIR, f))];
    for (const file of scripts) expect(await readFile(file, 'utf8'), file).not.toMatch(/location\.(href|assign|replace)|window\.open|href\s*[:=]/);
    for (const lang of await readdir(join(EXHIBIT_DIR, 'i18n'))) {
      const strings = JSON.parse(await readFile(join(EXHIBIT_DIR, 'i18n', lang), 'utf8')) as Record<string, string>;
      expect(Object.keys(strings), lang).not.toContain('staff');
      expect(Object.values(strings).join('\n'), lang).not.toMatch(/staff|console|Konsole|personnel/i);
    }
  });
});

describe('start --kiosk', () => {
  it("opens the kiosk's browser on the loopback address when bound to every address, so its screen counts as this machine", () => {
    expect(kioskServerUrl('http://0.0.0.0:8080/')).toBe('http://127.0.0.1:8080/');
    expect(kioskServerUrl('http://[::]:8080/')).toBe('http://[::1]:8080/');
    expect(kioskServerUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/');
    expect(kioskServerUrl('http://192.168.1.20:8080/')).toBe('http://192.168.1.20:8080/');
  });
});
