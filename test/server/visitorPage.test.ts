/** The visitor page's files: served at /exhibit with the console's CSP, open to read off loopback. */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { startedExhibit, type TestExhibit } from './exhibitForTests.js';

let running: Array<{ app: NbApp; t: TestExhibit }> = [];
afterEach(async () => {
  for (const { app, t } of running) {
    await app.close();
    await t.exhibit.stop();
  }
  running = [];
});

async function setup(host = '127.0.0.1') {
  const t = await startedExhibit();
  const app = buildApp({ exhibit: t.exhibit, host, token: host === '127.0.0.1' ? undefined : 'test-token-123456' });
  running.push({ app, t });
  return app;
}

describe('GET /exhibit', () => {
  it('serves the visitor page at /exhibit and /exhibit/, its scripts, styles and language files, and the kit it shares with the console', async () => {
    const app = await setup();
    for (const url of ['/exhibit', '/exhibit/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('/exhibit/js/boot.js');
    }
    for (const url of ['/exhibit/js/main.js', '/kit/httpClient.js', '/kit/dom.js', '/exhibit/style.css', '/exhibit/i18n/en.json', '/exhibit/i18n/de.json', '/exhibit/i18n/fr.json']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/exhibit/i18n/xx.json' })).json()).toMatchObject({ error: 'NB_ERR_NOT_FOUND' });
  });

  it("has the console's CSP (scripts from this server only) and no inline script or style", async () => {
    const app = await setup();
    const res = await app.inject({ method: 'GET', url: '/exhibit' });
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.body).not.toMatch(/\sstyle=|\son\w+=/);
  });

  it('stays open to read off loopback (a visitor phone on the Wi-Fi), like the console', async () => {
    const app = await setup('0.0.0.0');
    expect((await app.inject({ method: 'GET', url: '/exhibit' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/exhibit/js/main.js' })).statusCode).toBe(200);
  });
});
