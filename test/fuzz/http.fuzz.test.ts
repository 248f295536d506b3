/**
 * fuzz: schema-aware bodies (built from the route schemas: wrong types, missing and extra fields,
 * huge numbers, deep nesting, long strings) for every route that takes one, plus raw text that is
 * not JSON at all. The server must answer every one with a status below 500 and, for a 4xx, the
 * `{ error, message }` shape.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { BoardParams, ExampleSchema, InputsBody, PressBody, TrainBody } from '../../src/server/schemas.js';
import { startedExhibit, type TestExhibit } from '../server/exhibitForTests.js';
import { fromSchema, wild } from './schemaArbitrary.js';

let app: NbApp;
let t: TestExhibit;
let requests = 0;
const conflicts: string[] = [];
const statuses: Record<string, Record<number, number>> = {};

beforeAll(async () => {
  t = await startedExhibit();
  app = buildApp({ exhibit: t.exhibit, pressRateLimit: { max: 1_000_000, timeWindowMs: 1000 } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.exhibit.stop();
  console.log(`http fuzz: ${requests} requests, statuses by route ${JSON.stringify(statuses)}; 409s: ${conflicts.join(' | ')}`);
});

type Route = { method: 'POST'; url: fc.Arbitrary<string>; body: fc.Arbitrary<unknown> };

const boardId = fc.oneof(
  fc.constantFrom('a0000001', 'a0000002', 'a0000003', 'a0000004'),
  (fromSchema(BoardParams as never) as fc.Arbitrary<unknown>).map((p) => String((p as { id?: unknown })?.id ?? '')),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

// Bodies the schema allows but of the rig's own shape (two inputs, one target), so that many reach the exhibit.
const value = fc.oneof(fc.constantFrom(0, 1, 0.5, -0, 1e6, -1e6), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const xorShaped = {
  inputs: fc.record({ values: fc.array(value, { minLength: 2, maxLength: 2 }) }),
  corpus: fc.record(
    { inputs: fc.array(value, { minLength: 2, maxLength: 2 }), targets: fc.array(value, { minLength: 1, maxLength: 1 }), label: fc.string({ maxLength: 80 }) },
    { requiredKeys: ['inputs', 'targets'] },
  ),
};

const routes: Record<string, Route> = {
  inputs: { method: 'POST', url: fc.constant('/api/inputs'), body: fc.oneof(fromSchema(InputsBody as never), xorShaped.inputs) },
  press: { method: 'POST', url: boardId.map((id) => `/api/boards/${encodeURIComponent(id)}/press`), body: fromSchema(PressBody as never) },
  train: { method: 'POST', url: fc.constant('/api/train'), body: fromSchema(TrainBody as never) },
  corpus: { method: 'POST', url: fc.constant('/api/corpus'), body: fc.oneof(fromSchema(ExampleSchema as never), xorShaped.corpus) },
};

async function send(method: string, url: string, payload: string, contentType = 'application/json') {
  requests += 1;
  // A teach (a fuzzed press or example) may have started training; the train route gets a quiet exhibit.
  if (url === '/api/train') await t.exhibit.stopTraining();
  const res = await app.inject({ method: method as 'POST', url, payload, headers: { 'content-type': contentType } });
  // A training run started by a fuzzed body is stopped so the next one is not refused with 409 only.
  if (url === '/api/train' && res.statusCode === 202) await t.exhibit.stopTraining();
  return res;
}

function expectClientAnswer(res: { statusCode: number; body: string }, what: string): void {
  expect(res.statusCode, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = JSON.parse(res.body) as { error?: unknown; message?: unknown };
    expect(typeof body.error, what).toBe('string');
    expect(typeof body.message, what).toBe('string');
  }
}

describe('fuzz: HTTP API bodies from the route schemas', () => {
  for (const [name, route] of Object.entries(routes)) {
    it(`POST ${name}: 300 schema-aware bodies, never a 5xx, every 4xx is { error, message }`, async () => {
      await fc.assert(
        fc.asyncProperty(route.url, route.body, async (url, body) => {
          const payload = JSON.stringify(body) ?? 'null';
          const res = await send(route.method, url, payload);
          const seen = (statuses[name] ??= {});
          seen[res.statusCode] = (seen[res.statusCode] ?? 0) + 1;
          expectClientAnswer(res, `${url} ${payload.slice(0, 200)}`);
          if (res.statusCode === 409 && conflicts.length < 3) conflicts.push(res.body);
        }),
        { numRuns: 300, seed: 8 },
      );
      // The bodies reach the handler too (valid ones), not only the schema check.
      const seen = statuses[name]!;
      const ok = Object.entries(seen).filter(([s]) => Number(s) < 300).reduce((a, [, n]) => a + n, 0);
      expect(ok, JSON.stringify(seen)).toBeGreaterThan(5);
      expect(seen[400] ?? 0, JSON.stringify(seen)).toBeGreaterThan(50);
    }, 60_000);
  }

  it('any route: text that is not JSON, or JSON of the wrong shape, under several content types', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      wild.map((v) => JSON.stringify(v) ?? 'undefined'),
      fc.constantFrom('{', '{"values":', '[1,2', 'nul', '"\\ud800"', '{"a":1}{"b":2}', '\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/inputs', '/api/boards/a0000001/press', '/api/train', '/api/corpus', '/api/nope'),
        text,
        fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', ''),
        async (url, payload, contentType) => {
          expectClientAnswer(await send('POST', url, payload, contentType), `${url} [${contentType}] ${payload.slice(0, 100)}`);
        },
      ),
      { numRuns: 400, seed: 9 },
    );
  }, 60_000);
});
