/** The story over HTTP: GET /api/story, POST /api/story/play and /stop, the `story` events, the guard. */
import { afterEach, describe, expect, it } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import type { LoadedStory } from '../../src/runtime/story/load.js';
import { validateStory } from '../../src/runtime/story/load.js';
import { buildApp } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/listen.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig, waitFor } from './exhibitForTests.js';
import { SseReader } from './sseReader.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const TOKEN = 'test-token-123456';
let server: RunningServer | null = null;
const readers: SseReader[] = [];
const exhibits: Exhibit[] = [];

afterEach(async () => {
  for (const r of readers.splice(0)) r.close();
  await server?.close();
  server = null;
  for (const e of exhibits.splice(0)) await e.stop();
});

/** A short story of the XOR rig's shape, so it plays in well under a second of real time. */
const quick: LoadedStory = {
  path: 'quick.json',
  story: validateStory(
    {
      format: 'neuroboard.story', version: 1, name: 'quick', rig: 'xor',
      acts: [
        { id: 'one-neuron', title: 't.one', network: 'no-hidden', scenes: [
          { learn: { corpus: 'and', method: 'perceptron', pace: 100 }, caption: 'c.learnAnd' },
          { show: { holdMs: 10 }, caption: 'c.andLearned' } ] },
        { id: 'your-turn', title: 't.you', network: 'rig', scenes: [{ invite: { ms: 30 }, caption: 'c.invite' }] },
      ],
    },
    'quick.json',
    { name: 'xor', network: { layers: [2, 3, 1] } },
  ),
};

/** A story whose first scene learns slowly (2 epochs a second), so a stop always meets its run going. */
const slow: LoadedStory = {
  path: 'slow.json',
  story: validateStory(
    {
      format: 'neuroboard.story', version: 1, name: 'slow', rig: 'xor',
      acts: [
        { id: 'one-neuron', title: 't.one', network: 'no-hidden', scenes: [
          { learn: { corpus: 'and', method: 'perceptron', pace: 2 }, caption: 'c.learnAnd' },
          { show: { holdMs: 10 }, caption: 'c.andLearned' } ] },
      ],
    },
    'slow.json',
    { name: 'xor', network: { layers: [2, 3, 1] } },
  ),
};

async function exhibitWith(story: LoadedStory | null): Promise<Exhibit> {
  const source = new ScriptedSource('sim');
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source, corpus: classicCorpus('xor'), story });
  exhibits.push(exhibit);
  exhibit.start();
  await waitFor(() => source.boards.size === 4, 'the four scripted boards to open');
  return exhibit;
}

describe('the story over HTTP', () => {
  it('GET /api/story and /api/state.story show it; play starts it, its acts come as story events; stop hands over', async () => {
    const exhibit = await exhibitWith(quick);
    const before = Array.from(exhibit.network.params);
    server = await startServer({ exhibit, port: 0, handleSignals: false });
    const send = (method: string, url: string, body?: unknown) =>
      fetch(`${server!.url}${url}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    const idle = { name: 'quick', playing: false, act: null, scene: null, network: null, standIn: null, examples: null };
    expect(await (await send('GET', 'api/story')).json()).toEqual(idle);
    expect(((await (await send('GET', 'api/state')).json()) as { story: unknown }).story).toEqual(idle);
    const stream = await SseReader.open(`${server.url}api/events`);
    readers.push(stream);
    expect(((await stream.next('hello')).data as { story: unknown }).story).toEqual(idle);

    const played = await send('POST', 'api/story/play');
    expect(played.status).toBe(200);
    expect(await played.json()).toMatchObject({ name: 'quick', playing: true, act: { index: 0, id: 'one-neuron', count: 2, title: 't.one' }, network: 'no-hidden' });
    // The acts follow each other on the stream: act 1 learns (the stand-in epoch by epoch), shows, then act 2 invites.
    const seen: string[] = [];
    let learnt: { standIn: unknown } | null = null;
    while (!seen.includes('your-turn:invite')) {
      const s = (await stream.next('story')).data as { act: { id: string } | null; scene: { kind: string; outcome?: string } | null; standIn: unknown };
      const at = `${s.act?.id}:${s.scene?.kind}`;
      if (seen.at(-1) !== at) seen.push(at);
      if (s.scene?.outcome === 'learned') learnt = s;
    }
    expect(seen.slice(0, 3)).toEqual(['one-neuron:learn', 'one-neuron:show', 'your-turn:invite']);
    expect(learnt?.standIn).toMatchObject({ format: 'neuroboard.network', sizes: [2, 1] });

    const stopped = await send('POST', 'api/story/stop');
    expect(stopped.status).toBe(200);
    expect(await stopped.json()).toEqual(idle);
    expect(Array.from(exhibit.network.params)).toEqual(before);
    expect((await send('POST', 'api/story/stop')).status).toBe(200); // nothing to hand over: still fine
  });

  it('409 when the rig has no story; 400 for a body it does not take, naming the field', async () => {
    const app = buildApp({ exhibit: await exhibitWith(null) });
    const none = await app.inject({ method: 'POST', url: '/api/story/play' });
    expect(none.statusCode).toBe(409);
    expect(none.json()).toMatchObject({ error: 'NB_ERR_CONFLICT', message: expect.stringMatching(/rig "xor" has no story/) });
    expect((await app.inject({ method: 'GET', url: '/api/story' })).json()).toMatchObject({ name: null, playing: false });
    await app.close();

    const withStory = buildApp({ exhibit: await exhibitWith(quick) });
    const bad = await withStory.inject({ method: 'POST', url: '/api/story/play', payload: { act: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'NB_ERR_INVALID_ARGUMENT', message: expect.stringMatching(/act/) });
    const text = await withStory.inject({ method: 'POST', url: '/api/story/stop', headers: { 'content-type': 'text/plain' }, payload: 'stop' });
    expect(text.statusCode).toBe(415);
    await withStory.close();
  });

  it("stop answers once the story's run has ended: play, stop, then a single step is never 409, five times over; the training status is the exhibit's own again", async () => {
    const exhibit = await exhibitWith(slow);
    const app = buildApp({ exhibit });
    const own = exhibit.trainingStatus;
    for (let round = 1; round <= 5; round++) {
      expect((await app.inject({ method: 'POST', url: '/api/story/play' })).statusCode).toBe(200);
      await waitFor(() => exhibit.trainingStatus.running && exhibit.trainingStatus.method === 'perceptron', "the story's perceptron run to start");
      const stopped = await app.inject({ method: 'POST', url: '/api/story/stop' });
      expect(stopped.json()).toMatchObject({ playing: false });
      const step = await app.inject({ method: 'POST', url: '/api/train/step' });
      expect(step.statusCode, `round ${round}: ${step.body}`).toBe(200);
      const { training } = (await app.inject({ method: 'GET', url: '/api/state' })).json() as { training: Record<string, unknown> };
      expect(training, `round ${round}`).toEqual({ ...own, of: 'exhibit' });
    }
    await app.close();
  });

  it('off loopback, play and stop need the token (401 without); GET /api/story stays open', async () => {
    const exhibit = await exhibitWith(quick);
    const app = buildApp({ exhibit, host: '0.0.0.0', token: TOKEN });
    for (const url of ['/api/story/play', '/api/story/stop']) {
      const none = await app.inject({ method: 'POST', url });
      expect(none.statusCode, url).toBe(401);
      expect(none.json()).toMatchObject({ error: 'NB_ERR_UNAUTHORIZED' });
    }
    expect(exhibit.story.playing).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/story' })).statusCode).toBe(200);
    const ok = await app.inject({ method: 'POST', url: '/api/story/play', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(exhibit.story.playing).toBe(true);
    expect((await app.inject({ method: 'POST', url: '/api/story/stop', headers: { authorization: `Bearer ${TOKEN}` } })).json()).toMatchObject({ playing: false });
    await app.close();
  });
});
