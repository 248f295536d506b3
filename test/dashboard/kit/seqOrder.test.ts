/**
 * The ExhibitClient's ordering of fetched states and events by their numbers (dashboard/kit/seqOrder.js,
 * through kit/exhibitClient.js with a stand-in host): a state fetched while events came in never
 * undoes them. The visitor page once put the story back up after a hand-over this way;
 * test/browser/exhibitStory.test.ts shows the same race in Chromium against the real server.
 */
import { describe, expect, it } from 'vitest';

const kit = (file: string) => import(new URL(`../../../dashboard/kit/${file}`, import.meta.url).href);
const { createExhibitClient } = await kit('exhibitClient.js');

type State = Record<string, unknown> & { seq: number };

/** A host whose replies arrive when the test says, and whose stream delivers what the test sends. */
function standInHost() {
  const waiting = new Map<string, Array<(reply: unknown) => void>>();
  let emit: (name: string, data: unknown) => void = () => {
    throw new Error('the stream is not open');
  };
  const host = {
    send: (method: string, path: string) =>
      new Promise((resolve) => {
        const key = `${method} ${path}`;
        waiting.set(key, [...(waiting.get(key) ?? []), resolve]);
      }),
    listen: (onEvent: (name: string, data: unknown) => void) => {
      emit = onEvent;
      return () => undefined;
    },
  };
  return {
    host,
    /** Answers the oldest request waiting for `GET path` with `reply`. */
    answer: (path: string, reply: unknown) => waiting.get(`GET ${path}`)!.shift()!(reply),
    event: (name: string, data: unknown) => emit(name, data),
  };
}

/** A client whose page merges fetched states over what it shows, as the pages do. */
function page() {
  const stand = standInHost();
  const client = createExhibitClient(stand.host);
  let shown: State | null = null;
  client.on('hello', (s: State) => (shown = s));
  client.on('story', (s: unknown) => shown && (shown = { ...shown, story: s }));
  client.on('trace', (t: { inputs: number[] }) => shown && (shown = { ...shown, inputs: t.inputs }));
  return {
    ...stand,
    client,
    get shown() {
      return shown;
    },
    /** Fetches the state; resolves once it is applied (or dropped) with what the page shows. */
    async refresh(pending: Promise<State | null>) {
      const fresh = await pending;
      if (fresh) shown = { ...shown, ...fresh } as State;
      return fresh;
    },
  };
}

describe('a fetched state among the events (seq)', () => {
  it('keeps a part an event newer than the reply delivered (the hand-over), and takes the rest from the reply', async () => {
    const p = page();
    p.event('hello', { seq: 5, story: { playing: true }, inputs: [0, 0], network: 'old weights' });
    const pending = p.refresh(p.client.state());
    // the server answered at 6, while the story played; then a press handed it over (7), and that
    // event came in before the (older) reply
    p.event('story', { seq: 7, playing: false });
    p.answer('/api/state', { seq: 6, story: { playing: true }, inputs: [0, 0], network: 'new weights' });
    await pending;
    expect(p.shown).toEqual({ seq: 6, story: { seq: 7, playing: false }, inputs: [0, 0], network: 'new weights' });
  });

  it('takes every part from the reply when no event came in after it was answered (events before it are older)', async () => {
    const p = page();
    p.event('hello', { seq: 1, story: { playing: true }, inputs: [0, 0], network: 'v' });
    p.event('story', { seq: 2, playing: true });
    p.event('trace', { seq: 3, inputs: [1, 0] });
    const pending = p.refresh(p.client.state());
    p.answer('/api/state', { seq: 3, story: { playing: false }, inputs: [1, 0], network: 'w' });
    await pending;
    expect(p.shown).toEqual({ seq: 3, story: { playing: false }, inputs: [1, 0], network: 'w' });
  });

  it('a hello (the stream came back with a whole state) newer than the reply: nothing of the reply is used', async () => {
    const p = page();
    p.event('hello', { seq: 4, story: { playing: true }, inputs: [0, 0], network: 'first' });
    const pending = p.refresh(p.client.state());
    p.event('hello', { seq: 9, story: { playing: false }, inputs: [1, 1], network: 'from the hello' });
    p.answer('/api/state', { seq: 7, story: { playing: true }, inputs: [0, 0], network: 'older' });
    expect(await pending).toBeNull();
    expect(p.shown).toEqual({ seq: 9, story: { playing: false }, inputs: [1, 1], network: 'from the hello' });
  });

  it('of two replies the older one, arriving last, is dropped', async () => {
    const p = page();
    p.event('hello', { seq: 1, network: 'a' });
    const first = p.refresh(p.client.state());
    const second = p.refresh(p.client.state());
    p.answer('/api/state', { seq: 2, network: 'b' }); // the first request's reply
    p.answer('/api/state', { seq: 5, network: 'c' });
    await Promise.all([first, second]);
    expect(p.shown).toMatchObject({ seq: 5, network: 'c' });
    const late = p.refresh(p.client.state());
    p.answer('/api/state', { seq: 4, network: 'older than what is shown' });
    expect(await late).toBeNull();
    expect(p.shown).toMatchObject({ network: 'c' });
  });

  it('a restarted server counts from 0 again: after its hello, a reply with a small number is news', async () => {
    const p = page();
    p.event('hello', { seq: 500, story: { playing: true } });
    p.event('story', { seq: 600, playing: true });
    p.event('hello', { seq: 2, story: { playing: false }, network: 'restarted' });
    const pending = p.refresh(p.client.state());
    p.answer('/api/state', { seq: 3, story: { playing: false }, network: 'trained since' });
    expect(await pending).toEqual({ seq: 3, story: { playing: false }, network: 'trained since' });
  });

  it('before anything is shown (no hello yet) the reply is used as it came', async () => {
    const p = page();
    p.client.on('training', () => undefined); // opens the stream
    const pending = p.refresh(p.client.state());
    p.event('story', { seq: 8, playing: false });
    p.answer('/api/state', { seq: 7, story: { playing: true }, inputs: [0, 0] });
    expect(await pending).toEqual({ seq: 7, story: { playing: true }, inputs: [0, 0] });
  });

  it("a try is the run's counts: a reply older than it leaves the training status on show as it is", async () => {
    const p = page();
    p.event('hello', { seq: 10, training: { running: true, tried: 3 }, network: 'x' });
    const pending = p.client.state();
    p.event('try', { seq: 11, tried: 4, kept: 1, loss: 0.2, changed: [0] });
    p.answer('/api/state', { seq: 10, training: { running: true, tried: 3 }, network: 'y' });
    expect(await pending).toEqual({ seq: 10, network: 'y' });
  });
});

describe('the corpus, fetched twice', () => {
  it('an older reply that comes back after a newer one is dropped: the list shown is the newer one', async () => {
    const { host, answer } = standInHost();
    const client = createExhibitClient(host);
    const older = client.corpus();
    const newer = client.corpus();
    answer('/api/corpus', ['one example']); // the older request's reply, late
    answer('/api/corpus', ['one example', 'a visitor taught this']);
    expect(await newer).toEqual(['one example', 'a visitor taught this']);
    expect(await older).toBeUndefined();
    // a single call is never dropped
    const alone = client.corpus();
    answer('/api/corpus', ['x']);
    expect(await alone).toEqual(['x']);
  });
});
