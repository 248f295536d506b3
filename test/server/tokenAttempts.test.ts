/**
 * The staff token cannot be guessed: after 10 wrong or missing tokens from one address within 60 s,
 * that address gets 429 NB_ERR_RATE_LIMITED (with Retry-After) until the window ends, before its
 * token is compared at all; other addresses go on as before. And the scheme is taken in any case
 * (RFC 7235): `bearer`, `BEARER`.
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { TokenAttempts } from '../../src/server/tokenAttempts.js';
import { startedExhibit, type TestExhibit } from './exhibitForTests.js';

const TOKEN = 'the-right-token-0123456789';

let running: Array<{ app: NbApp; t: TestExhibit }> = [];
afterEach(async () => {
  for (const { app, t } of running) {
    await app.close();
    await t.exhibit.stop();
  }
  running = [];
});

/** An app on the LAN with a clock the test moves, and the lines its log writes. */
async function setup() {
  const t = await startedExhibit();
  const clock = { now: 0 };
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = buildApp({ exhibit: t.exhibit, host: '0.0.0.0', token: TOKEN, tokenAttempts: { now: () => clock.now }, logger: { level: 'info', stream } });
  running.push({ app, t });
  await app.ready();
  /** How many requests bearer-auth's verifier looked at and refused (it logs each one): a wrong token is compared there. */
  const compared = () => lines.filter((l) => (JSON.parse(l) as { msg?: string }).msg?.startsWith('unauthorized:')).length;
  const inputs = (authorization?: string, remoteAddress = '192.168.1.50') =>
    app.inject({ method: 'POST', url: '/api/inputs', payload: { values: [1, 0] }, remoteAddress, headers: authorization === undefined ? {} : { authorization } });
  return { app, clock, compared, inputs };
}

describe('failed staff-token attempts', () => {
  it('3,000 wrong guesses from one address: 10 reach the comparison, the other 2,990 get 429 with Retry-After', async () => {
    const { compared, inputs } = await setup();
    const statuses = new Map<number, number>();
    let limited: { headers: Record<string, unknown>; body: unknown } | null = null;
    for (let i = 0; i < 3000; i++) {
      const reply = await inputs(`Bearer guess-${i.toString().padStart(20, '0')}`);
      statuses.set(reply.statusCode, (statuses.get(reply.statusCode) ?? 0) + 1);
      if (reply.statusCode === 429) limited ??= { headers: reply.headers, body: reply.json() };
    }
    console.log(`token guesses: ${compared()} of 3000 reached the comparison; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(compared()).toBe(10);
    expect(Object.fromEntries(statuses)).toEqual({ 401: 10, 429: 2990 });
    expect(limited!.body).toEqual({ error: 'NB_ERR_RATE_LIMITED', message: 'too many wrong tokens from this address; try again in 60 s' });
    expect(limited!.headers['retry-after']).toBe('60');
  });

  it('missing tokens count too; the right token from a refused address waits for the window to end; other addresses go on', async () => {
    const { clock, compared, inputs } = await setup();
    for (let i = 0; i < 10; i++) expect((await inputs()).statusCode).toBe(401);
    clock.now = 45_000;
    const refused = await inputs(`Bearer ${TOKEN}`);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('15');
    expect((await inputs(`Bearer ${TOKEN}`, '192.168.1.51')).statusCode).toBe(200);
    clock.now = 60_000;
    expect((await inputs(`Bearer ${TOKEN}`)).statusCode).toBe(200);
    expect((await inputs('Bearer wrong-token-0000000000')).statusCode).toBe(401); // a new window: the first of ten
    expect(compared()).toBe(11);
  });

  it('takes the scheme in any case (RFC 7235), and only the bearer scheme', async () => {
    const { inputs } = await setup();
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) expect((await inputs(`${scheme} ${TOKEN}`)).statusCode, scheme).toBe(200);
    expect((await inputs(`Basic ${TOKEN}`)).statusCode).toBe(401);
  });

  it('/api/health: a wrong token counts like anywhere (it would tell a guess that worked), no token at all does not (monitors poll it)', async () => {
    const { app, inputs } = await setup();
    const health = (authorization?: string) => app.inject({ url: '/api/health', remoteAddress: '192.168.1.50', headers: authorization === undefined ? {} : { authorization } });
    for (let i = 0; i < 30; i++) expect((await health()).statusCode).toBe(200);
    expect((await inputs(`Bearer ${TOKEN}`)).statusCode).toBe(200);
    for (let i = 0; i < 10; i++) expect((await health(`Bearer wrong-guess-${i}-000000000`)).statusCode).toBe(200);
    expect((await inputs(`Bearer ${TOKEN}`)).statusCode).toBe(429);
  });

  it('remembers a bounded number of addresses, whatever the number that guess', () => {
    let now = 0;
    const attempts = new TokenAttempts({ max: 2, windowMs: 1000, maxAddresses: 100, now: () => now });
    for (let i = 0; i < 1000; i++) attempts.failed(`10.0.${i >> 8}.${i & 255}`);
    expect(attempts.size).toBe(100);
    attempts.failed('10.9.9.9');
    attempts.failed('10.9.9.9');
    expect(attempts.retryAfterMs('10.9.9.9')).toBe(1000);
    now = 999.5;
    expect(attempts.retryAfterMs('10.9.9.9')).toBe(1);
    now = 1000;
    expect(attempts.retryAfterMs('10.9.9.9')).toBe(0);
  });
});
