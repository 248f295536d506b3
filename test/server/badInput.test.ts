/** Every client mistake is a 4xx with { error, message }; never a 500, never fastify's own shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { startedExhibit, type TestExhibit } from './exhibitForTests.js';

let app: NbApp;
let t: TestExhibit;

beforeAll(async () => {
  t = await startedExhibit();
  app = buildApp({ exhibit: t.exhibit, pressRateLimit: { max: 1000, timeWindowMs: 1000 } });
});
afterAll(async () => {
  await app.close();
  await t.exhibit.stop();
});

type Case = [name: string, method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, payload: unknown, status: number, code: string, message?: RegExp];

const json = { 'content-type': 'application/json' };

const cases: Case[] = [
  ['inputs: no body fields ({})', 'POST', '/api/inputs', {}, 400, 'NB_ERR_INVALID_ARGUMENT', /values is missing \(required: a list\)/],
  ['inputs: values is a string', 'POST', '/api/inputs', { values: '1,0' }, 400, 'NB_ERR_INVALID_ARGUMENT', /values must be a list, not "1,0"/],
  ['inputs: values holds a string', 'POST', '/api/inputs', { values: [1, 'x'] }, 400, 'NB_ERR_INVALID_ARGUMENT', /values\[1\] must be a number from -1000000 to 1000000, not "x"/],
  ['inputs: values holds null', 'POST', '/api/inputs', { values: [1, null] }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  ['inputs: values is empty', 'POST', '/api/inputs', { values: [] }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  ['inputs: one value for two inputs', 'POST', '/api/inputs', { values: [1] }, 400, 'NB_ERR_DIMENSION_MISMATCH', /values must hold 2 numbers/],
  ['inputs: a huge number', 'POST', '/api/inputs', { values: [1e300, 0] }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  ['inputs: an unknown property (typo)', 'POST', '/api/inputs', { values: [1, 0], valeus: [1] }, 400, 'NB_ERR_INVALID_ARGUMENT', /unknown field valeus; did you mean values\? See docs\/api\.md/],
  ['inputs: the body is an array', 'POST', '/api/inputs', [1, 0], 400, 'NB_ERR_INVALID_ARGUMENT', /body must be an object \{ values \}, not a list/],
  ['press: unknown board', 'POST', '/api/boards/ffffffff/press', { pressed: true }, 404, 'NB_ERR_NOT_FOUND', /no board "ffffffff"/],
  ['press: a channel the board does not have', 'POST', '/api/boards/a0000001/press', { channel: 3, pressed: true }, 404, 'NB_ERR_NOT_FOUND', /has no channel 3/],
  ['press: pressed missing', 'POST', '/api/boards/a0000001/press', {}, 400, 'NB_ERR_INVALID_ARGUMENT', /pressed/],
  ['press: both pressed and click', 'POST', '/api/boards/a0000001/press', { pressed: true, click: true }, 400, 'NB_ERR_INVALID_ARGUMENT', /either pressed or click/],
  ['press: click false and no pressed', 'POST', '/api/boards/a0000001/press', { click: false }, 400, 'NB_ERR_INVALID_ARGUMENT', /pressed is required/],
  ['press: click is the string "yes"', 'POST', '/api/boards/a0000001/press', { click: 'yes' }, 400, 'NB_ERR_INVALID_ARGUMENT', /click must be true or false, not "yes"/],
  ['press: pressed is the string "true"', 'POST', '/api/boards/a0000001/press', { pressed: 'true' }, 400, 'NB_ERR_INVALID_ARGUMENT', /pressed must be true or false, not "true"/],
  ['press: pressed is 1', 'POST', '/api/boards/a0000001/press', { pressed: 1 }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  ['press: channel -1', 'POST', '/api/boards/a0000001/press', { channel: -1, pressed: true }, 400, 'NB_ERR_INVALID_ARGUMENT', /channel must be a whole number from 0 to 15, not -1/],
  ['press: channel 0.5', 'POST', '/api/boards/a0000001/press', { channel: 0.5, pressed: true }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  ['press: a board id of 100 characters', 'POST', `/api/boards/${'a'.repeat(100)}/press`, { pressed: true }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  // Issue 11 item 9: the allowed values once, not "must be equal to constant" three times and "must match a schema in anyOf".
  ['train: unknown method "sgd"', 'POST', '/api/train', { method: 'sgd' }, 400, 'NB_ERR_INVALID_ARGUMENT', /^method must be one of "trial-and-error", "backprop", "perceptron", not "sgd"; see docs\/api\.md/],
  ['train: a misspelt method "backprob"', 'POST', '/api/train', { method: 'backprob' }, 400, 'NB_ERR_INVALID_ARGUMENT', /not "backprob"; did you mean "backprop"\?/],
  ['train: learningRate -1 says the range', 'POST', '/api/train', { learningRate: -1 }, 400, 'NB_ERR_INVALID_ARGUMENT', /learningRate must be a number above 0 and at most 100, not -1/],
  ['train: epochs 0', 'POST', '/api/train', { epochs: 0 }, 400, 'NB_ERR_INVALID_ARGUMENT', /epochs must be a whole number from 1 to 100000000, not 0/],
  ['train: epochs 1.5', 'POST', '/api/train', { epochs: 1.5 }, 400, 'NB_ERR_INVALID_ARGUMENT', /epochs must be a whole number from 1 to 100000000, not 1\.5/],
  ['train: learningRate -1', 'POST', '/api/train', { learningRate: -1 }, 400, 'NB_ERR_INVALID_ARGUMENT', /learningRate/],
  ['train: targetLoss "low"', 'POST', '/api/train', { targetLoss: 'low' }, 400, 'NB_ERR_INVALID_ARGUMENT', /targetLoss must be a number from 0 to 10, not "low"/],
  ['corpus: three inputs for a two-input network', 'POST', '/api/corpus', { inputs: [1, 0, 1], targets: [1] }, 400, 'NB_ERR_DIMENSION_MISMATCH', /inputs has 3 values but 2/],
  ['corpus: targets missing', 'POST', '/api/corpus', { inputs: [1, 0] }, 400, 'NB_ERR_INVALID_ARGUMENT', /targets/],
  ['corpus: label is a number', 'POST', '/api/corpus', { inputs: [1, 0], targets: [1], label: 5 }, 400, 'NB_ERR_INVALID_ARGUMENT', /label must be a string of 0 to 80 characters, not 5/],
  ['corpus: label of 200 characters', 'POST', '/api/corpus', { inputs: [1, 0], targets: [1], label: 'x'.repeat(200) }, 400, 'NB_ERR_INVALID_ARGUMENT'],
  ['unknown route', 'GET', '/api/nope', undefined, 404, 'NB_ERR_NOT_FOUND', /no route GET \/api\/nope/],
  ['unknown method on a known path (PUT /api/state)', 'PUT', '/api/state', {}, 404, 'NB_ERR_NOT_FOUND'],
  ['a missing static file', 'GET', '/js/nope.js', undefined, 404, 'NB_ERR_NOT_FOUND'],
  ['a path outside the dashboard (../package.json)', 'GET', '/..%2fpackage.json', undefined, 404, 'NB_ERR_NOT_FOUND'],
  ['a uPlot file that is not served (the CommonJS build)', 'GET', '/vendor/uplot/uPlot.cjs.js', undefined, 404, 'NB_ERR_NOT_FOUND'],
];

describe('bad requests get a 4xx with { error, message }', () => {
  it.each(cases.map((c) => ({ title: `${c[0]} → ${c[4]} ${c[5]}`, c })))('$title', async ({ c: [, method, url, payload, status, code, message] }) => {
    const res = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.error).toBe(code);
    expect(typeof body.message).toBe('string');
    if (message) expect(body.message).toMatch(message);
  });

  it('bad JSON ({"values": [1,) → 400 saying the body is not valid JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: json, payload: '{"values": [1,' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', message: expect.stringMatching(/not valid JSON/) });
  });

  it('a JSON content type with an empty body → 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: json, payload: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('NB_ERR_INVALID_ARGUMENT');
  });

  it('a __proto__ key in the body → 400 saying the key is forbidden and to remove it, not "not valid JSON"', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: json, payload: '{"values":[1,0],"__proto__":{"x":1}}' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'NB_ERR_INVALID_ARGUMENT',
      message: 'the body holds the key "__proto__", which is forbidden (it could reach the prototype of objects on the server); remove it and send the body again',
      field: '__proto__',
    });
  });

  it('a __proto__ key deep in the body, or written with escapes (\\u005f), is refused the same way', async () => {
    for (const payload of ['{"inputs":[1,0],"targets":[1],"label":"a","x":{"y":[{"__proto__":{}}]}}', '{"values":[1,0],"\\u005f_proto__":{"x":1}}']) {
      const res = await app.inject({ method: 'POST', url: '/api/corpus', headers: json, payload });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().message, payload).toMatch(/the key "__proto__", which is forbidden/);
    }
  });

  it('a constructor holding prototype → 400 saying it is forbidden; a plain "constructor" field is only an unknown field', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: json, payload: '{"values":[1,0],"constructor":{"prototype":{"x":1}}}' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', message: expect.stringMatching(/the key "constructor" holding "prototype", which is forbidden .*; remove it/) });
    const plain = await app.inject({ method: 'POST', url: '/api/inputs', headers: json, payload: '{"values":[1,0],"constructor":1}' });
    expect(plain.json().message).toMatch(/^unknown field constructor/);
  });

  it('a huge body (100 KiB of values) → 413 NB_ERR_PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ values: Array.from({ length: 30_000 }, () => 0.12345) });
    expect(payload.length).toBeGreaterThan(100 * 1024);
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: json, payload });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: 'NB_ERR_PAYLOAD_TOO_LARGE', message: expect.stringMatching(/65536 bytes/) });
  });

  it('a body sent as text/plain (what a cross-site form can send) → 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/inputs', headers: { 'content-type': 'text/plain' }, payload: '{"values":[1,0]}' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toBe('NB_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('POST /api/train with no body at all → 400 (the body must be a JSON object, even {})', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/train' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('NB_ERR_INVALID_ARGUMENT');
  });

  it('training already running → 409 NB_ERR_CONFLICT, and the run goes on', async () => {
    const first = await app.inject({ method: 'POST', url: '/api/train', payload: { method: 'backprop', targetLoss: 0 } });
    expect(first.statusCode).toBe(202);
    const second = await app.inject({ method: 'POST', url: '/api/train', payload: { method: 'perceptron' } });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: 'NB_ERR_CONFLICT', message: expect.stringMatching(/already running; stop it first/) });
    expect(t.exhibit.trainingStatus).toMatchObject({ running: true, method: 'backprop' });
    await app.inject({ method: 'DELETE', url: '/api/train' });
  });
});

describe('a rig of real hardware', () => {
  it('press on a hardware board → 409 NB_ERR_CONFLICT saying to press it by hand', async () => {
    const hw = await startedExhibit({ kind: 'hardware' });
    const hwApp = buildApp({ exhibit: hw.exhibit });
    const res = await hwApp.inject({ method: 'POST', url: '/api/boards/a0000001/press', payload: { pressed: true } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'NB_ERR_CONFLICT', message: expect.stringMatching(/real hardware/) });
    await hwApp.close();
    await hw.exhibit.stop();
  });
});
