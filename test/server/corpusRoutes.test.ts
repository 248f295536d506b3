/**
 * Teaching while training runs, targets the output cannot reach, removing examples and resetting to
 * the rig's corpus, and a stalled run on /api/health: all through the API.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Corpus } from '../../src/core/corpus.js';
import { createNetwork } from '../../src/core/network.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { startedExhibit, testRig, waitFor } from './exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let open: Array<{ app: NbApp; exhibit: Exhibit }> = [];

afterEach(async () => {
  for (const { app, exhibit } of open) {
    await app.close();
    await exhibit.stop();
  }
  open = [];
});

async function setup(rig: Partial<ResolvedRig> = {}, options: { token?: string } = {}) {
  const { exhibit } = await startedExhibit({ rig });
  const app = buildApp({ exhibit, ...(options.token ? { host: '0.0.0.0', token: options.token } : {}) });
  open.push({ app, exhibit });
  return { app, exhibit };
}

async function paced(pace: number): Promise<Partial<ResolvedRig>> {
  const base = await testRig();
  return { training: { ...base.training, pace } };
}

describe('POST /api/corpus while training runs', () => {
  it('the running training takes the example up at once, the reply says training: true, and the run ends fitting the new corpus', async () => {
    const { app, exhibit } = await setup(await paced(400));
    const started = await app.inject({ method: 'POST', url: '/api/train', payload: { fromRandomGuess: true } });
    expect(started.statusCode).toBe(202);
    const taught = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [1, 1], targets: [1] } });
    expect(taught.statusCode).toBe(200);
    expect(taught.json()).toEqual({ outcome: 'replaced', index: 3, size: 4, training: true });
    await waitFor(() => !exhibit.trainingStatus.running, 'the run to end', 30_000);
    expect(exhibit.trainingStatus).toMatchObject({ reason: 'target-reached', corpusChanges: 1 });
    const state = (await app.inject({ url: '/api/state' })).json();
    expect(state.corpus).toEqual({ size: 4, correct: 4 });
  });
});

describe('targets the output activation cannot reach', () => {
  const refused = async (rig: Partial<ResolvedRig>, targets: number[], range: RegExp) => {
    const { app, exhibit } = await setup(rig);
    const res = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [1, 1], targets } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ error: 'NB_ERR_INVALID_CORPUS', message: expect.stringMatching(range) });
    expect(exhibit.corpus.size).toBe(4); // nothing was added
    return app;
  };

  it('sigmoid: 5 is refused with 400 naming 0 to 1', async () => {
    await refused({}, [5], /example\.targets\[0\] is 5, but the output layer \(sigmoid\) can only give 0 to 1/);
  });

  it('tanh: -2 is refused naming -1 to 1, while -0.5 is taken', async () => {
    const base = await testRig();
    const app = await refused({ network: { ...base.network, activation: 'tanh', threshold: 0 } }, [-2], /\(tanh\) can only give -1 to 1/);
    const ok = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [-0.5] } });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('step: 0.5 is refused naming 0 or 1', async () => {
    const base = await testRig();
    await refused({ network: { ...base.network, activation: 'step' } }, [0.5], /\(step\) can only give 0 or 1/);
  });
});

describe('DELETE /api/corpus/:index and POST /api/corpus/reset', () => {
  it('removes one example (200, saved before the reply), and reset brings back exactly the rig\'s corpus', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nb-corpus-'));
    const source = new ScriptedSource('sim');
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source, corpus: classicCorpus('xor'), store: exhibitStore(dir, 'xor') });
    exhibit.start();
    const app = buildApp({ exhibit });
    open.push({ app, exhibit });
    const onDisk = async () => JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8')).corpus.examples as unknown[];

    const removed = await app.inject({ method: 'DELETE', url: '/api/corpus/1' });
    expect(removed.statusCode, removed.body).toBe(200);
    // The rig's first guess (no training at start here) gets the three left wrong, so it learns.
    expect(removed.json()).toMatchObject({ removed: { inputs: [0, 1], targets: [1] }, size: 3, training: true });
    await exhibit.stopTraining();
    expect((await app.inject({ url: '/api/corpus' })).json().examples.map((e: { inputs: number[] }) => e.inputs.join())).toEqual(['0,0', '1,0', '1,1']);
    expect(await onDisk()).toHaveLength(3);

    await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1], label: 'half' } });
    await exhibit.stopTraining();
    const reset = await app.inject({ method: 'POST', url: '/api/corpus/reset' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ size: 4 });
    expect((await app.inject({ url: '/api/corpus' })).json().examples).toEqual(classicCorpus('xor').examples.map((e) => ({ ...e, source: 'rig' })));
    expect(await onDisk()).toEqual(classicCorpus('xor').examples);
    await exhibit.stopTraining();
  });

  it('bad indexes: past the end is 404 saying how many there are, not a number or negative is 400', async () => {
    const { app } = await setup();
    const past = await app.inject({ method: 'DELETE', url: '/api/corpus/9' });
    expect(past.statusCode).toBe(404);
    expect(past.json()).toMatchObject({ error: 'NB_ERR_NOT_FOUND', message: expect.stringMatching(/no example at index 9: the corpus has 4 \(indexes 0-3\)/) });
    for (const bad of ['abc', '-1', '1.5']) {
      const res = await app.inject({ method: 'DELETE', url: `/api/corpus/${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error, bad).toBe('NB_ERR_INVALID_ARGUMENT');
    }
  });

  it('a removal while training runs is taken up by the run; the reply says training: true', async () => {
    const { app, exhibit } = await setup(await paced(50));
    await app.inject({ method: 'POST', url: '/api/train', payload: { fromRandomGuess: true } });
    const res = await app.inject({ method: 'DELETE', url: '/api/corpus/3' });
    expect(res.json()).toMatchObject({ size: 3, training: true });
    await waitFor(() => exhibit.trainingStatus.corpusChanges === 1, 'the run to take the removal up');
    await exhibit.stopTraining();
  });

  it('both are guarded like every change: 401 without the token off loopback', async () => {
    const token = 'test-token-123456';
    const { app, exhibit } = await setup({}, { token });
    for (const r of [{ method: 'DELETE', url: '/api/corpus/0' }, { method: 'POST', url: '/api/corpus/reset' }] as const) {
      expect((await app.inject(r)).statusCode, r.url).toBe(401);
      expect((await app.inject({ ...r, headers: { authorization: `Bearer ${token}` } })).statusCode, r.url).toBe(200);
    }
    await exhibit.stopTraining();
  });
});

describe('POST /api/corpus into a full corpus (the rig\'s corpusLimit)', () => {
  it('bad input: full of the rig\'s examples: 409 NB_ERR_CORPUS_FULL naming the limit and what to do; with a visitor\'s example there, 201 and the reply says which one went', async () => {
    const { app, exhibit } = await setup({ corpusLimit: 5 });
    expect((await app.inject({ url: '/api/corpus' })).json()).toMatchObject({ limit: 5 });
    const staff = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.1, 0.1], targets: [1], source: 'staff' } });
    expect(staff.statusCode, staff.body).toBe(201);
    const refused = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.2, 0.2], targets: [1] } });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({
      error: 'NB_ERR_CORPUS_FULL',
      message: expect.stringMatching(/the corpus is full: it holds 5 examples, rig "xor"'s corpusLimit.*raise "corpusLimit"/),
    });
    await app.inject({ method: 'DELETE', url: '/api/corpus/4' });
    await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.3, 0.3], targets: [1], label: 'first visitor' } });
    const taught = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.4, 0.4], targets: [0] } });
    expect(taught.statusCode, taught.body).toBe(201);
    expect(taught.json()).toMatchObject({ outcome: 'added', index: 4, size: 5, dropped: { inputs: [0.3, 0.3], targets: [1], label: 'first visitor' } });
    await exhibit.stopTraining();
  });
});

describe('a training run that cannot get better', () => {
  it('ends as stalled and /api/health lists it as a problem, in words', async () => {
    // A target of 5 for a sigmoid, as a state file saved by an older version may hold.
    const rig = await testRig();
    const corpus = new Corpus(2, 1, [...classicCorpus('xor').examples.slice(0, 3), { inputs: [1, 1], targets: [5] }]);
    const network = createNetwork({ sizes: rig.network.layers, seed: 1 });
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: { ...rig, training: { ...rig.training, pace: 0 } }, source: new ScriptedSource('sim'), corpus: classicCorpus('xor'), saved: { rig: 'xor', network, corpus } });
    exhibit.start();
    const app = buildApp({ exhibit });
    open.push({ app, exhibit });
    expect((await app.inject({ method: 'POST', url: '/api/train', payload: {} })).statusCode).toBe(202);
    await waitFor(() => !exhibit.trainingStatus.running, 'the run to end', 30_000);
    const state = (await app.inject({ url: '/api/state' })).json();
    expect(state.training).toMatchObject({ reason: 'stalled', message: expect.stringMatching(/stopped getting better/) });
    const health = (await app.inject({ url: '/api/health' })).json();
    expect(health.problems).toContainEqual(expect.stringMatching(/^training stalled: training stopped getting better .*remove or fix examples/));
  });
});
