/**
 * Visitors' lessons through the API: who taught each example (GET /api/corpus `source`, POST
 * /api/corpus `source`), staff keeping one (POST /api/corpus/:index/keep) and forgetting them all
 * (POST /api/corpus/forget-visitors): durable before the 2xx, 4xx on bad input, guarded.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { startedExhibit, testRig } from './exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

let open: Array<{ app: NbApp; exhibit: Exhibit }> = [];

afterEach(async () => {
  for (const { app, exhibit } of open) {
    await app.close();
    await exhibit.stop();
  }
  open = [];
});

async function withStore() {
  const dir = await mkdtemp(join(tmpdir(), 'nb-lessons-'));
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource('sim'), corpus: classicCorpus('xor'), store: exhibitStore(dir, 'xor') });
  exhibit.start();
  const app = buildApp({ exhibit });
  open.push({ app, exhibit });
  const onDisk = async () => JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8')) as { corpus: { examples: unknown[] }; lessons: { sources: string[] } };
  return { app, exhibit, onDisk };
}

const sources = async (app: NbApp) => (await app.inject({ url: '/api/corpus' })).json().examples.map((e: { source: string }) => e.source);

describe('who taught each example', () => {
  it('a teach is a visitor\'s unless it says source: "staff"; GET /api/corpus shows each one\'s source; a bad source is 400', async () => {
    const { app, exhibit } = await withStore();
    expect(await sources(app)).toEqual(['rig', 'rig', 'rig', 'rig']);
    expect((await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1] } })).statusCode).toBe(201);
    const staff = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.2, 0.8], targets: [1], source: 'staff' } });
    expect(staff.statusCode, staff.body).toBe(201);
    expect(await sources(app)).toEqual(['rig', 'rig', 'rig', 'rig', 'visitor', 'staff']);
    for (const source of ['rig', 'nobody', 3]) {
      const bad = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.1, 0.1], targets: [1], source } });
      expect(bad.statusCode, String(source)).toBe(400);
      expect(bad.json().error).toBe('NB_ERR_INVALID_ARGUMENT');
    }
    await exhibit.stopTraining();
  });
});

describe('POST /api/corpus/:index/keep', () => {
  it('makes a visitor\'s example staff\'s, on disk before the 200; 404 past the end, 409 for a rig or staff example, 400 for a bad index', async () => {
    const { app, exhibit, onDisk } = await withStore();
    await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1] } });
    await exhibit.stopTraining();
    const kept = await app.inject({ method: 'POST', url: '/api/corpus/4/keep' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toEqual({ index: 4, source: 'staff', size: 5 });
    expect((await onDisk()).lessons.sources).toEqual(['rig', 'rig', 'rig', 'rig', 'staff']);

    const again = await app.inject({ method: 'POST', url: '/api/corpus/4/keep' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'NB_ERR_CONFLICT', message: expect.stringMatching(/example 4 is staff's already: only a visitor's example can be kept/) });
    const rig = await app.inject({ method: 'POST', url: '/api/corpus/0/keep' });
    expect(rig.statusCode).toBe(409);
    expect(rig.json().message).toMatch(/example 0 is the rig's own/);
    const past = await app.inject({ method: 'POST', url: '/api/corpus/9/keep' });
    expect(past.statusCode).toBe(404);
    expect(past.json()).toMatchObject({ error: 'NB_ERR_NOT_FOUND', message: expect.stringMatching(/no example at index 9: the corpus has 5/) });
    expect((await app.inject({ method: 'POST', url: '/api/corpus/x/keep' })).statusCode).toBe(400);
  });
});

describe('POST /api/corpus/forget-visitors', () => {
  it('forgets the visitors\' examples (the one they replaced comes back), keeps staff\'s, says so in a corpus event, on disk before the 200', async () => {
    const { app, exhibit, onDisk } = await withStore();
    const changes: string[] = [];
    exhibit.on('corpus', (c) => changes.push(`${c.outcome} ${c.index} ${c.size}`));
    await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [1, 1], targets: [1] } });
    await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1] } });
    await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.2, 0.8], targets: [1], source: 'staff' } });
    expect(await sources(app)).toEqual(['rig', 'rig', 'rig', 'visitor', 'visitor', 'staff']);

    const res = await app.inject({ method: 'POST', url: '/api/corpus/forget-visitors' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ forgotten: 2, size: 5 });
    expect(changes.at(-1)).toBe('forgotten -1 5');
    const after = (await app.inject({ url: '/api/corpus' })).json().examples;
    expect(after.map((e: { inputs: number[]; targets: number[]; source: string }) => `${e.inputs} → ${e.targets} ${e.source}`)).toEqual([
      '0,0 → 0 rig', '0,1 → 1 rig', '1,0 → 1 rig', '1,1 → 0 rig', '0.2,0.8 → 1 staff',
    ]);
    expect((await onDisk()).lessons.sources).toEqual(['rig', 'rig', 'rig', 'rig', 'staff']);

    // Nothing left to forget: 200, nothing changes.
    const none = await app.inject({ method: 'POST', url: '/api/corpus/forget-visitors' });
    expect(none.json()).toMatchObject({ forgotten: 0, size: 5 });
    expect(changes.filter((c) => c.startsWith('forgotten'))).toHaveLength(1);
    await exhibit.stopTraining();
  });

  it('keep and forget-visitors are guarded like every change: 401 without the token off loopback', async () => {
    const token = 'test-token-123456';
    const { exhibit } = await startedExhibit();
    const app = buildApp({ exhibit, host: '0.0.0.0', token });
    open.push({ app, exhibit });
    exhibit.teach({ inputs: [0.5, 0.5], targets: [1] });
    for (const url of ['/api/corpus/4/keep', '/api/corpus/forget-visitors']) {
      expect((await app.inject({ method: 'POST', url })).statusCode, url).toBe(401);
      expect((await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` } })).statusCode, url).toBe(200);
    }
    await exhibit.stopTraining();
  });
});
