import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { startedExhibit, testRig, waitFor, type TestExhibit } from './exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let running: Array<{ app: NbApp; t: TestExhibit }> = [];

async function setup(options: Parameters<typeof startedExhibit>[0] = {}) {
  const t = await startedExhibit(options);
  const app = buildApp({ exhibit: t.exhibit });
  running.push({ app, t });
  return { app, ...t };
}

afterEach(async () => {
  for (const { app, t } of running) {
    await app.close();
    await t.exhibit.stop();
  }
  running = [];
});

describe('API routes (happy paths)', () => {
  it('GET /api/health says ok, how long it has run and the version', async () => {
    const { app } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.ok).toBe(true);
    expect(body.uptimeS).toBeGreaterThanOrEqual(0);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.boards).toEqual({ online: 4, total: 4 });
    expect(body.problems).toEqual([]);
    expect(body.lastSavedAt).toBeNull(); // this exhibit saves nowhere
  });

  it('GET /api/health names what needs attention: a yanked board, a save that failed (a missing data directory), then a good save clears it', async () => {
    const source = new ScriptedSource('sim');
    const dir = join(tmpdir(), `nb-missing-${process.pid}-${Date.now()}`);
    const store = exhibitStore(dir, 'xor');
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source, corpus: classicCorpus('xor'), store });
    exhibit.start();
    const app = buildApp({ exhibit });
    running.push({ app, t: { exhibit, source } });
    await waitFor(() => exhibit.state().boards.every((b) => b.online), 'boards online');
    source.boards.get('a0000003')!.yank();
    await exhibit.save();
    let health = (await app.inject({ url: '/api/health' })).json();
    expect(health.boards).toEqual({ online: 3, total: 4 });
    expect(health.problems).toEqual([
      'board a0000003 (hidden layer) is offline',
      expect.stringMatching(new RegExp(`^the last save failed: .*${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
    ]);
    expect(health.lastSavedAt).toBeNull();
    mkdirSync(dir);
    await exhibit.save();
    await waitFor(() => exhibit.state().boards.every((b) => b.online), 'the yanked board back');
    health = (await app.inject({ url: '/api/health' })).json();
    expect(health.problems).toEqual([]);
    expect(Date.parse(health.lastSavedAt)).toBeGreaterThan(Date.now() - 60_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it("GET /api/state gives the rig's default visitor language: en when the rig sets none, else the rig's", async () => {
    const { app } = await setup();
    expect((await app.inject({ method: 'GET', url: '/api/state' })).json().rig.language).toBe('en');
    const { app: french } = await setup({ rig: { language: 'fr' } });
    expect((await french.inject({ method: 'GET', url: '/api/state' })).json().rig.language).toBe('fr');
  });

  it('GET /api/state holds the network, last trace, inputs, boards with channels, training and corpus score', async () => {
    const { app } = await setup();
    const s = (await app.inject({ method: 'GET', url: '/api/state' })).json();
    expect(s.rig).toMatchObject({ name: 'xor', layers: [2, 3, 1] });
    expect(s.network.sizes).toEqual([2, 3, 1]);
    expect(s.network.layers[0].weights).toHaveLength(6);
    expect(s.network.layers[0]).toHaveProperty('threshold');
    expect(s.trace.layers).toHaveLength(2);
    expect(s.trace.layers[0]).toHaveProperty('fired');
    expect(s.inputs).toEqual([0, 0]);
    expect(s.boards).toHaveLength(4);
    expect(s.boards[2].channels).toHaveLength(3);
    expect(s.boards[0]).toMatchObject({ id: 'a0000001', online: true, transport: 'fake' });
    expect(s.boards[0]).toHaveProperty('lastSeenMs');
    expect(s.boards[0]).toHaveProperty('rttMs');
    expect(s.boards[0].channels[0]).toMatchObject({ channel: 0, layer: 0, node: 0, measuredLevel: null, pressed: false });
    expect(s.training).toMatchObject({ running: false, step: 0 });
    expect(s.corpus).toMatchObject({ size: 4 });
  });

  it('POST /api/inputs runs a pass and returns its trace', async () => {
    const { app, exhibit } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/inputs', payload: { values: [1, 0] } });
    expect(res.statusCode).toBe(200);
    const trace = res.json();
    expect(trace.inputs).toEqual([1, 0]);
    expect(trace.outputs).toHaveLength(1);
    expect(trace.layers[1].fired).toHaveLength(1);
    expect(exhibit.state().inputs).toEqual([1, 0]);
  });

  it('POST /api/boards/:id/press presses a simulated button: press and release latches the input', async () => {
    const { app, exhibit } = await setup();
    const down = await app.inject({ method: 'POST', url: '/api/boards/a0000002/press', payload: { pressed: true } });
    expect(down.statusCode).toBe(200);
    expect(down.json()).toEqual({ ok: true, board: 'a0000002', channel: 0, pressed: true });
    await app.inject({ method: 'POST', url: '/api/boards/a0000002/press', payload: { channel: 0, pressed: false } });
    expect(exhibit.state().inputs).toEqual([0, 1]);
  });

  it('POST /api/boards/:id/press { click: true } is one press and release: the input latches on, a second click turns it off', async () => {
    const { app, exhibit } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/boards/a0000002/press', payload: { click: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, board: 'a0000002', channel: 0, pressed: false, click: true });
    expect(exhibit.state().inputs).toEqual([0, 1]);
    await app.inject({ method: 'POST', url: '/api/boards/a0000002/press', payload: { channel: 0, click: true } });
    expect(exhibit.state().inputs).toEqual([0, 0]);
  });

  it('POST /api/train starts training (202), progress shows in the state, DELETE /api/train stops it', async () => {
    const { app, exhibit } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/train', payload: { method: 'backprop', targetLoss: 0, learningRate: 0.5 } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ running: true, method: 'backprop' });
    await waitFor(() => exhibit.trainingStatus.step > 0, 'training to take a step');
    const stopped = await app.inject({ method: 'DELETE', url: '/api/train' });
    expect(stopped.statusCode).toBe(200);
    expect(stopped.json()).toMatchObject({ running: false, method: 'backprop', reason: 'stopped' });
    expect(stopped.json().step).toBeGreaterThan(0);
  });

  it('POST /api/train with no method trains by trial and error, with tried/kept counts', async () => {
    const { app, exhibit } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/train', payload: { epochs: 50 } });
    expect(res.json().method).toBe('trial-and-error');
    await waitFor(() => !exhibit.trainingStatus.running, 'training to end after 50 tries');
    const s = (await app.inject({ method: 'GET', url: '/api/state' })).json();
    expect(s.training).toMatchObject({ running: false, method: 'trial-and-error' });
    expect(s.training.tried).toBeGreaterThan(0);
    expect(s.training).toHaveProperty('kept');
  });

  it('DELETE /api/train when nothing runs answers the idle status', async () => {
    const { app } = await setup();
    const res = await app.inject({ method: 'DELETE', url: '/api/train' });
    expect(res.statusCode).toBe(200);
    expect(res.json().running).toBe(false);
  });

  it('GET and POST /api/corpus list the examples and teach a new one (201), a duplicate is 200', async () => {
    const { app, exhibit } = await setup();
    const list = (await app.inject({ method: 'GET', url: '/api/corpus' })).json();
    expect(list).toMatchObject({ inputSize: 2, outputSize: 1 });
    expect(list.examples).toHaveLength(4);
    const added = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1], label: 'half' } });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ outcome: 'added', index: 4, size: 5 });
    const again = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1] } });
    expect(again.statusCode).toBe(200);
    expect(again.json().outcome).toBe('duplicate');
    const after = (await app.inject({ method: 'GET', url: '/api/corpus' })).json();
    expect(after.examples[4]).toEqual({ inputs: [0.5, 0.5], targets: [1], label: 'half', source: 'visitor' });
    await exhibit.stopTraining();
  });
});
