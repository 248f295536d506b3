/**
 * dashboard/console/js/freshState.js: a state fetched while events came in does not undo them (the visitor
 * page put the story back up after a hand-over; test/browser/exhibitStory.test.ts shows it in Chromium).
 */
import { describe, expect, it } from 'vitest';

const { createFreshness, keepNewer } = await import(new URL('../../../dashboard/console/js/freshState.js', import.meta.url).href);

const STREAMED = ['story', 'inputs'];

/** A fetch that resolves when the test says, with what the server answered when it was sent. */
function slowFetch<T>(answer: T): { get: () => Promise<T>; arrive: () => void } {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  return { get: async () => (await arrived, answer), arrive };
}

describe('createFreshness and keepNewer', () => {
  it('keeps a part an event delivered while the fetch was on its way, and takes the rest from the fetch', async () => {
    const freshness = createFreshness();
    const shown = { story: { playing: true }, inputs: [0, 0], network: 'old weights' };
    const answered = { story: { playing: true }, inputs: [0, 0], network: 'new weights' };
    const fetch = slowFetch(answered);
    const pending = freshness.fetch(fetch.get);
    // the hand-over's event comes in before the (older) reply
    freshness.delivered('story');
    shown.story = { playing: false };
    fetch.arrive();
    const { fresh, stale } = await pending;
    expect(keepNewer(shown, fresh, stale, STREAMED)).toEqual({ story: { playing: false }, inputs: [0, 0], network: 'new weights' });
  });

  it('takes every part from the fetch when no event came in meanwhile (events before the fetch are older than it)', async () => {
    const freshness = createFreshness();
    freshness.delivered('story');
    freshness.delivered('inputs');
    const fetch = slowFetch({ story: { playing: false }, inputs: [1, 0], network: 'w' });
    const pending = freshness.fetch(fetch.get);
    fetch.arrive();
    const { fresh, stale } = await pending;
    expect(keepNewer({ story: { playing: true }, inputs: [0, 0], network: 'v' }, fresh, stale, STREAMED)).toEqual(fresh);
  });

  it('a hello (the stream came back with a whole state) during the fetch: nothing of the fetch is used', async () => {
    const freshness = createFreshness();
    const fetch = slowFetch({ story: { playing: true }, inputs: [0, 0], network: 'older' });
    const pending = freshness.fetch(fetch.get);
    freshness.delivered('*');
    const shown = { story: { playing: false }, inputs: [1, 1], network: 'from the hello' };
    fetch.arrive();
    const { fresh, stale } = await pending;
    expect(keepNewer(shown, fresh, stale, STREAMED)).toBe(shown);
  });

  it('before anything is shown (no state yet) the fetch is used as it came', async () => {
    const freshness = createFreshness();
    const fetch = slowFetch({ story: { playing: true }, inputs: [0, 0] });
    const pending = freshness.fetch(fetch.get);
    freshness.delivered('story');
    fetch.arrive();
    const { fresh, stale } = await pending;
    expect(keepNewer(null, fresh, stale, STREAMED)).toEqual(fresh);
  });
});

describe('latestOnly', () => {
  it('an older reply that comes back after a newer one is dropped: the list shown is the newer one', async () => {
    const { latestOnly } = await import(new URL('../../../dashboard/console/js/freshState.js', import.meta.url).href);
    const first = slowFetch(['one example']);
    const second = slowFetch(['one example', 'a visitor taught this']);
    const replies = [first, second];
    const getCorpus = latestOnly(() => replies.shift()!.get());
    const older = getCorpus();
    const newer = getCorpus();
    second.arrive();
    expect(await newer).toEqual(['one example', 'a visitor taught this']);
    first.arrive();
    expect(await older).toBeUndefined();
    // a single call is never dropped
    const only = slowFetch(['x']);
    replies.push(only);
    const alone = getCorpus();
    only.arrive();
    expect(await alone).toEqual(['x']);
  });
});
