/**
 * PUT /api/neurons over HTTP: the switch between the network and spiking neurons, its bad input
 * (400 naming what to send), its guard (the staff token off loopback, like every change), what
 * /api/state.neurons shows in each model, and the `neurons` and rate-limited `spike` events.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { parseStateDocument, stateDocument } from '../../src/runtime/exhibitState.js';
import type { Exhibit } from '../../src/runtime/exhibit.js';
import { startedExhibit, waitFor } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';

let server: RunningServer | null = null;
const readers: SseReader[] = [];
const exhibits: Exhibit[] = [];

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await server?.close();
  server = null;
  for (const e of exhibits.splice(0)) await e.stop();
});

async function exhibit(): Promise<Exhibit> {
  const t = await startedExhibit();
  exhibits.push(t.exhibit);
  return t.exhibit;
}

describe('PUT /api/neurons', () => {
  it('an unknown model, a missing one or another field is a 400 that says what to send; nothing changes', async () => {
    const app = buildApp({ exhibit: await exhibit() });
    const unknown = await app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'izhikevich' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', field: 'model', message: expect.stringMatching(/unknown neuron model "izhikevich".*"spiking".*"sigmoid"/) });
    const missing = await app.inject({ method: 'PUT', url: '/api/neurons', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', message: expect.stringMatching(/model/) });
    const extra = await app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'spiking', tauMs: 5 } });
    expect(extra.statusCode).toBe(400);
    const state = (await app.inject({ method: 'GET', url: '/api/state' })).json() as Record<string, unknown>;
    expect(state).not.toHaveProperty('neurons');
    await app.close();
  });

  it('a network that is not sigmoid cannot spike: 409 saying what to change, and nothing changes', async () => {
    const t = await startedExhibit({ rig: { network: { layers: [2, 3, 1], activation: 'tanh', threshold: 0, seed: 1 } } });
    exhibits.push(t.exhibit);
    const app = buildApp({ exhibit: t.exhibit });
    const reply = await app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'spiking' } });
    expect(reply.statusCode).toBe(409);
    expect(reply.json()).toMatchObject({ error: 'NB_ERR_CONFLICT', message: expect.stringMatching(/layers are tanh, tanh: give the rig "activation": "sigmoid"/) });
    expect(t.exhibit.neurons.model).toBe('sigmoid');
    await app.close();
  });

  it('switches to spiking neurons after the agreement check and back; /api/state.neurons is there only while they run, in the network\'s shape', async () => {
    const ex = await exhibit();
    const app = buildApp({ exhibit: ex });
    const on = await app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'spiking' } });
    expect(on.statusCode, on.body).toBe(200);
    const summary = on.json() as { model: string; agreement: { right: number; of: number; windowMs: number; differing: unknown[] } };
    expect(summary.model).toBe('spiking');
    expect(summary.agreement.of).toBe(4);
    expect(summary.agreement.differing).toHaveLength(4 - summary.agreement.right); // which differ, when some do
    expect(summary.agreement.windowMs).toBeGreaterThanOrEqual(1000);

    await ex.setInputs([1, 1]);
    await waitFor(() => ex.state().neurons!.spikes[0]!.every((n) => n >= 3), 'the pressed inputs to spike');
    const state = (await app.inject({ method: 'GET', url: '/api/state' })).json() as { neurons: { model: string; agreement: object; potential: number[][]; spikes: number[][]; answer: number[] } };
    expect(state.neurons.model).toBe('spiking');
    expect(state.neurons.agreement).toMatchObject({ right: summary.agreement.right, of: 4 });
    expect(state.neurons.potential.map((l) => l.length)).toEqual([2, 3, 1]);
    expect(state.neurons.spikes.map((l) => l.length)).toEqual([2, 3, 1]);
    for (const v of state.neurons.potential.flat()) expect(v).toBeGreaterThanOrEqual(-3);

    const again = await app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'spiking' } });
    expect(again.json()).toMatchObject({ model: 'spiking' }); // the same model again: fine, nothing restarts
    const off = await app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'sigmoid' } });
    expect(off.json()).toMatchObject({ model: 'sigmoid' });
    expect((await app.inject({ method: 'GET', url: '/api/state' })).json()).not.toHaveProperty('neurons');
    await app.close();
  });

  it('off loopback it needs the staff token (401 without), and from another origin it is refused (403)', async () => {
    const ex = await exhibit();
    server = await startServer({ exhibit: ex, host: '0.0.0.0', port: 0, handleSignals: false });
    const put = (headers: Record<string, string>) =>
      fetch(`${server!.url}api/neurons`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model: 'spiking' }) });
    expect((await put({})).status).toBe(401);
    expect((await put({ authorization: `Bearer ${server.token}`, origin: 'http://evil.example' })).status).toBe(403);
    expect(ex.neurons.model).toBe('sigmoid');
    const ok = await put({ authorization: `Bearer ${server.token}` });
    expect(ok.status).toBe(200);
    expect(ex.neurons.model).toBe('spiking');
  });

  it('the stream carries a numbered neurons event on the switch and spike events, at most about ten a second', async () => {
    const ex = await exhibit();
    server = await startServer({ exhibit: ex, port: 0, handleSignals: false });
    const stream = await SseReader.open(`${server.url}api/events`);
    readers.push(stream);
    const hello = (await stream.next('hello')).data as { seq: number };
    await fetch(`${server.url}api/inputs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ values: [1, 0] }) });
    await fetch(`${server.url}api/neurons`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'spiking' }) });
    const neurons = (await stream.next('neurons')).data as { seq: number; model: string; agreement: { of: number } };
    expect(neurons).toMatchObject({ model: 'spiking', agreement: { of: 4 } });
    expect(neurons.seq).toBeGreaterThan(hello.seq);
    const first = (await stream.next('spike')).data as { seq: number; timeMs: number; spikes: number[][]; potential: number[][] };
    expect(first.seq).toBeGreaterThan(neurons.seq);
    expect(first.spikes.map((l) => l.length)).toEqual([2, 3, 1]);
    // One second of reports: about ten, never a flood, and the pressed input's spikes add up to its rate.
    const t0 = Date.now();
    let reports = 0;
    let inputSpikes = 0;
    let lastSeq = first.seq;
    while (Date.now() - t0 < 1000) {
      const s = (await stream.next('spike')).data as { seq: number; spikes: number[][] };
      expect(s.seq).toBeGreaterThan(lastSeq);
      lastSeq = s.seq;
      reports++;
      inputSpikes += s.spikes[0]![0]!;
    }
    expect(reports).toBeLessThanOrEqual(12);
    expect(reports).toBeGreaterThanOrEqual(5);
    expect(inputSpikes).toBeGreaterThanOrEqual(7);
    expect(inputSpikes).toBeLessThanOrEqual(13);
  });
});

describe('the chosen model is kept with the network', () => {
  it('a state file says the model; one without it starts in the rig\'s; a bad one names the field', async () => {
    const ex = await exhibit();
    const doc = JSON.parse(JSON.stringify(stateDocument('xor', ex.network, ex.corpus, undefined, 'spiking'))) as Record<string, unknown>;
    expect(doc['neurons']).toEqual({ model: 'spiking' });
    expect(parseStateDocument(doc, 'state.json').neuronModel).toBe('spiking');
    expect(parseStateDocument({ ...doc, neurons: undefined }, 'state.json').neuronModel).toBeUndefined();
    expect(() => parseStateDocument({ ...doc, neurons: { model: 'fast' } }, 'state.json')).toThrow(/state\.json: neurons: model must be "sigmoid" or "spiking", got "fast"/);
  });
});
