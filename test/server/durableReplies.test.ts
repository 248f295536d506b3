/**
 * A 2xx means done and durable: the routes that change what is saved (POST /api/corpus, DELETE
 * /api/corpus/:index, POST /api/corpus/reset, /api/corpus/:index/keep, /api/corpus/forget-visitors,
 * DELETE /api/train, PUT /api/neurons) answer only once the save holding
 * the change is on disk, and a failed save is a 507,
 * never a 2xx. The kill test of the same promise is test/integration/teachKill.test.ts.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { AtomicJsonStore } from '../../src/hosts/node/atomicJsonStore.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { parseStateDocument, type ExhibitSnapshot } from '../../src/runtime/exhibitState.js';
import { buildApp, type NbApp } from '../../src/server/app.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig, waitFor } from './exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

/** A real store whose saves wait at a gate the test opens, and which records when each one finished. */
class GatedStore extends AtomicJsonStore<ExhibitSnapshot> {
  asked = 0;
  finished: number[] = [];
  private open!: () => void;
  private gate = new Promise<void>((resolve) => (this.open = resolve));

  constructor(path: string) {
    super(path, parseStateDocument);
    gates.push(this);
  }

  override async saveLatest(build: () => unknown): Promise<void> {
    this.asked++;
    await this.gate;
    await super.saveLatest(build);
    this.finished.push(performance.now());
  }

  release(): void {
    this.open();
  }
}

let running: Array<{ app: NbApp; exhibit: Exhibit }> = [];
let gates: GatedStore[] = [];
afterEach(async () => {
  // A failed assertion must not leave stop() waiting at a closed gate.
  for (const gate of gates.splice(0)) gate.release();
  for (const { app, exhibit } of running.splice(0)) {
    await app.close();
    await exhibit.stop();
  }
});

async function setup(store: AtomicJsonStore<ExhibitSnapshot>) {
  const source = new ScriptedSource('sim');
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source, corpus: classicCorpus('xor'), store });
  exhibit.start();
  await waitFor(() => source.boards.size === 4, 'the four scripted boards to open');
  const app = buildApp({ exhibit });
  running.push({ app, exhibit });
  return { app, exhibit, source };
}

async function dataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'nb-durable-'));
}

/** Some turns of the event loop: long enough for a reply that does not wait on the disk to arrive. */
async function turns(n: number): Promise<'still waiting'> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
  return 'still waiting';
}

async function savedFile(path: string): Promise<ExhibitSnapshot> {
  return parseStateDocument(JSON.parse(await readFile(path, 'utf8')), path);
}

describe('a 2xx means the change is on disk', () => {
  const corpusChanges = [
    { name: 'POST /api/corpus (teach)', method: 'POST', url: '/api/corpus', payload: { inputs: [0.25, 0.75], targets: [1] }, status: 201, size: 5 },
    { name: 'DELETE /api/corpus/1', method: 'DELETE', url: '/api/corpus/1', status: 200, size: 3 },
    { name: 'POST /api/corpus/reset', method: 'POST', url: '/api/corpus/reset', status: 200, size: 4, before: { inputs: [0.5, 0.5], targets: [1] } },
    { name: 'POST /api/corpus/4/keep', method: 'POST', url: '/api/corpus/4/keep', status: 200, size: 5, before: { inputs: [0.5, 0.5], targets: [1] } },
    { name: 'POST /api/corpus/forget-visitors', method: 'POST', url: '/api/corpus/forget-visitors', status: 200, size: 4, before: { inputs: [0.5, 0.5], targets: [1] } },
  ] as const;

  for (const change of corpusChanges) {
    it(`${change.name} answers only after the save holding the change has completed`, async () => {
      const dir = await dataDir();
      const store = new GatedStore(join(dir, 'xor.state.json'));
      const { app, exhibit } = await setup(store);
      if ('before' in change) void exhibit.teach({ inputs: [...change.before.inputs], targets: [...change.before.targets] }); // something for the reset to undo
      const asked = store.asked;
      let repliedAt = 0;
      const request = { method: change.method, url: change.url, ...('payload' in change ? { payload: change.payload } : {}) };
      const reply = app.inject(request).then((res) => {
        repliedAt = performance.now();
        return res;
      });
      await waitFor(() => store.asked > asked, 'the change to ask for a save');
      expect(await Promise.race([reply.then(() => 'replied'), turns(50)])).toBe('still waiting');
      store.release();
      const res = await reply;
      expect(res.statusCode, res.body).toBe(change.status);
      expect(store.finished.length).toBeGreaterThan(0);
      expect(store.finished[store.finished.length - 1]!).toBeLessThanOrEqual(repliedAt);
      // And what is on disk holds the change.
      expect((await savedFile(store.path)).corpus.size).toBe(change.size);
    });
  }

  it('PUT /api/neurons answers only after the model it switched to is saved, and an exhibit opened on that file starts in it', async () => {
    const dir = await dataDir();
    const store = new GatedStore(join(dir, 'xor.state.json'));
    const { app } = await setup(store);
    const asked = store.asked;
    let repliedAt = 0;
    const reply = app.inject({ method: 'PUT', url: '/api/neurons', payload: { model: 'spiking' } }).then((res) => ((repliedAt = performance.now()), res));
    await waitFor(() => store.asked > asked, 'the switch to ask for a save');
    expect(await Promise.race([reply.then(() => 'replied'), turns(50)])).toBe('still waiting');
    store.release();
    const res = await reply;
    expect(res.statusCode, res.body).toBe(200);
    expect(store.finished[store.finished.length - 1]!).toBeLessThanOrEqual(repliedAt);
    const saved = await savedFile(store.path);
    expect(saved.neuronModel).toBe('spiking');
    const reopened = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource('sim'), corpus: classicCorpus('xor'), saved });
    expect(reopened.neurons.model).toBe('spiking');
  });

  it('DELETE /api/train answers only after the network it stopped at is saved', async () => {
    const dir = await dataDir();
    const store = new GatedStore(join(dir, 'xor.state.json'));
    const { app, exhibit } = await setup(store);
    exhibit.train({ method: 'trial-and-error', fromRandomGuess: true, targetLoss: 0, pace: 5 });
    const asked = store.asked;
    let repliedAt = 0;
    const reply = app.inject({ method: 'DELETE', url: '/api/train' }).then((res) => {
      repliedAt = performance.now();
      return res;
    });
    await waitFor(() => store.asked > asked, 'stopping to ask for a save');
    expect(await Promise.race([reply.then(() => 'replied'), turns(50)])).toBe('still waiting');
    store.release();
    const res = await reply;
    expect(res.statusCode).toBe(200);
    expect(res.json().reason).toBe('stopped');
    expect(store.finished[0]!).toBeLessThanOrEqual(repliedAt);
    expect(Array.from((await savedFile(store.path)).network.params)).toEqual(Array.from(exhibit.network.params));
  });

  it('a save that fails answers 507 NB_ERR_SAVE_FAILED saying a restart would lose the change, never a 2xx (fault: the data folder is gone)', async () => {
    const store = exhibitStore(join(tmpdir(), `nb-gone-${process.pid}-${Date.now()}`), 'xor');
    const { app, exhibit } = await setup(store);
    const res = await app.inject({ method: 'POST', url: '/api/corpus', payload: { inputs: [0.5, 0.5], targets: [1] } });
    expect(res.statusCode).toBe(507);
    expect(res.json()).toEqual({
      error: 'NB_ERR_SAVE_FAILED',
      message: expect.stringMatching(/^the change is made but could not be saved \(cannot save .*nb-gone-.*xor\.state\.json: .*\), so a restart would lose it\. Free disk space/),
    });
    expect(exhibit.saveStatus.lastError).toMatch(/cannot save/);
    const others = [
      { method: 'POST', url: '/api/corpus/4/keep' }, // the example taught above is a visitor's
      { method: 'POST', url: '/api/corpus/forget-visitors' },
      { method: 'DELETE', url: '/api/train' },
      { method: 'DELETE', url: '/api/corpus/0' },
      { method: 'POST', url: '/api/corpus/reset' },
    ] as const;
    for (const r of others) {
      const other = await app.inject(r);
      expect(other.statusCode, `${r.method} ${r.url}`).toBe(507);
      expect(other.json().error).toBe('NB_ERR_SAVE_FAILED');
    }
  });

  it('an example taught with the answer button is on disk within a second', async () => {
    const dir = await dataDir();
    const store = exhibitStore(dir, 'xor');
    const { exhibit, source } = await setup(store);
    exhibit.setInputs([0.5, 0.5]);
    const pressedAt = performance.now();
    source.press('a0000004', 0, true);
    source.press('a0000004', 0, false);
    const holdsIt = async (): Promise<boolean> => {
      const saved = await savedFile(store.path).catch(() => null);
      return Boolean(saved?.corpus.examples.some((e) => e.inputs.join() === '0.5,0.5'));
    };
    while (!(await holdsIt())) {
      expect(performance.now() - pressedAt, 'the taught example is still not on disk').toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
});
