/**
 * Once, over a real non-loopback address (as a phone on the museum's Wi-Fi would): the dashboard
 * loads over plain http (no `upgrade-insecure-requests` in the CSP, which would send a phone to
 * https and break the page), reading is open, and changing needs the token.
 */
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/listen.js';
import { startedExhibit } from './exhibitForTests.js';

function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('this machine has no non-loopback IPv4 address to test the LAN dashboard against (bring up a network interface)');
}

describe('served on the LAN (bound to 0.0.0.0, reached at the machine\'s own address)', () => {
  it('serves the dashboard with a CSP a phone over http can use, and guards changes with the token', async () => {
    const { exhibit } = await startedExhibit();
    const server = await startServer({ exhibit, host: '0.0.0.0', port: 0, handleSignals: false });
    try {
      expect(server.token).toMatch(/^[\w-]{16,}$/);
      const base = `http://${lanAddress()}:${new URL(server.url).port}`;

      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<svg id="diagram"');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(page.headers.get('strict-transport-security')).toBeNull();
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');

      for (const asset of ['/console/js/main.js', '/console/style.css', '/vendor/uplot/uPlot.esm.js', '/vendor/uplot/uPlot.min.css']) {
        expect((await fetch(`${base}${asset}`)).status, asset).toBe(200);
      }
      expect((await fetch(`${base}/api/state`)).status).toBe(200);

      const press = (headers: Record<string, string>) =>
        fetch(`${base}/api/boards/a0000001/press`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"pressed":true}' });
      expect((await press({})).status).toBe(401);
      expect((await press({ authorization: `Bearer ${server.token}` })).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
