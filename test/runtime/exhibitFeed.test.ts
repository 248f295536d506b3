/**
 * src/runtime/exhibitFeed.ts: every event an API client receives is numbered, strictly increasing,
 * and a snapshot says the number of the last event it reflects, so a client can tell a fetched state
 * from an event that overtook it (docs/api.md, "seq").
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ExhibitFeed, type FeedEvent } from '../../src/runtime/exhibitFeed.js';
import { startedExhibit, waitFor, type TestExhibit } from '../server/exhibitForTests.js';

let running: Array<{ feed: ExhibitFeed; t: TestExhibit }> = [];

async function feedOf(): Promise<{ feed: ExhibitFeed; events: FeedEvent[] } & TestExhibit> {
  const t = await startedExhibit();
  const feed = new ExhibitFeed(t.exhibit);
  running.push({ feed, t });
  const events: FeedEvent[] = [];
  feed.subscribe((e) => events.push(e));
  return { feed, events, ...t };
}

afterEach(async () => {
  for (const { feed, t } of running) {
    feed.close();
    await t.exhibit.stop();
  }
  running = [];
});

describe('ExhibitFeed', () => {
  it('numbers every event it publishes 1, 2, 3… and a snapshot carries the number of the last one', async () => {
    const { feed, events, exhibit } = await feedOf();
    expect(feed.snapshot().seq).toBe(0);
    exhibit.setInputs([1, 0]);
    await waitFor(() => events.some((e) => e.name === 'cascade' && e.data.layer === 2), 'the pass to reach the output layer');
    exhibit.train({ method: 'backprop', epochs: 5 });
    await waitFor(() => events.some((e) => e.name === 'training' && !e.data.running), 'the run to end');
    expect(events.map((e) => e.data.seq)).toEqual(events.map((_, i) => i + 1));
    for (const name of ['trace', 'cascade', 'training', 'log']) expect(events.map((e) => e.name)).toContain(name);
    const snapshot = feed.snapshot();
    expect(snapshot.seq).toBe(events.length);
    expect(feed.lastSeq).toBe(events.length);
    // the state as /api/state documents it, plus its number
    expect(snapshot).toMatchObject({ rig: { name: 'xor' }, inputs: [1, 0], training: { running: false, method: 'backprop' } });
  });

  it('gives each event its data as docs/api.md says (a trace with its source, a log line with its time), on a copy', async () => {
    const { events, exhibit } = await feedOf();
    const status = exhibit.trainingStatus;
    exhibit.setInputs([0, 1]);
    exhibit.teach({ inputs: [0.5, 0.5], targets: [1] });
    await waitFor(() => events.some((e) => e.name === 'log'), 'the teach to be logged');
    const trace = events.find((e) => e.name === 'trace')!;
    expect(trace.data).toMatchObject({ source: 'api', inputs: [0, 1], seq: expect.any(Number) });
    const log = events.find((e) => e.name === 'log')!;
    expect(log.data).toMatchObject({ level: 'info', message: expect.stringMatching(/teach/), at: expect.any(Number) });
    expect(events.find((e) => e.name === 'corpus')!.data).toMatchObject({ outcome: 'added', index: 4, size: 5 });
    // numbering never writes into the exhibit's own objects
    expect(status).not.toHaveProperty('seq');
    expect(exhibit.state().boards[0]).not.toHaveProperty('seq');
  });

  it('publishes nothing after close, and a listener that stopped gets nothing more', async () => {
    const { feed, events, exhibit } = await feedOf();
    const other: FeedEvent[] = [];
    const stop = feed.subscribe((e) => other.push(e));
    exhibit.setInputs([1, 1]);
    const seen = events.length;
    expect(other).toHaveLength(seen);
    stop();
    exhibit.setInputs([0, 0]);
    expect(other).toHaveLength(seen);
    expect(events.length).toBeGreaterThan(seen);
    feed.close();
    const closed = events.length;
    exhibit.setInputs([1, 0]);
    expect(events).toHaveLength(closed);
  });
});
