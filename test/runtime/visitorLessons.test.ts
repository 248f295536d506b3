/**
 * Visitors' lessons kept apart and forgotten politely: after the rig's idle time, at local
 * midnight, never (keep); staff keep survives; the network goes back to its weights from before the
 * first lesson; a restart between lesson and rollback still forgets. Fake timers: no waiting.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classicCorpus } from '../../src/core/corpora.js';
import { Exhibit } from '../../src/runtime/exhibit.js';
import { exhibitStore } from '../../src/hosts/node/stateFile.js';
import { type ExhibitSnapshot } from '../../src/runtime/exhibitState.js';
import type { AtomicJsonStore } from '../../src/hosts/node/atomicJsonStore.js';
import type { ResolvedRig } from '../../src/runtime/rig/validate.js';
import { ScriptedSource } from '../helpers/scriptedSource.js';
import { testRig } from '../server/exhibitForTests.js';
import { nodeScheduler } from '../../src/hosts/node/nodeScheduler.js';

const FORGET_MS = 60_000;
const open: Exhibit[] = [];

afterEach(async () => {
  for (const exhibit of open.splice(0)) {
    const stopping = exhibit.stop();
    await vi.advanceTimersByTimeAsync(1_000).catch(() => undefined);
    await stopping;
  }
  vi.useRealTimers();
});

function fake(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'performance', 'Date'] });
}

async function exhibitWith(
  visitors: { lessons?: 'keep' | 'forget-after-idle' | 'forget-at-midnight'; forgetAfterMs?: number },
  options: { store?: AtomicJsonStore<ExhibitSnapshot>; saved?: ExhibitSnapshot | null } = {},
): Promise<Exhibit> {
  const base = await testRig();
  const rig: ResolvedRig = { ...base, visitors: { ...base.visitors, forgetAfterMs: FORGET_MS, ...visitors } };
  // Boards pinged once an hour: days of fake time go by without millions of pings.
  const supervisorTiming = { pingIntervalMs: 3_600_000, silentAfterMs: 7_200_000 };
  const exhibit = new Exhibit({ scheduler: nodeScheduler, rig, source: new ScriptedSource(), corpus: classicCorpus('xor'), supervisorTiming, ...options });
  open.push(exhibit);
  exhibit.start();
  return exhibit;
}

/** Stops a paced run under fake timers (it may be waiting on its pace timer). */
async function stopTraining(exhibit: Exhibit): Promise<void> {
  const stopping = exhibit.stopTraining();
  await vi.advanceTimersByTimeAsync(200);
  await stopping;
}

/** A visitor teaches 1,1 → 1 (replacing the rig's 1,1 → 0) and 0.5,0.5 → 1, and it learns from them a while. */
async function visitorTeaches(exhibit: Exhibit): Promise<void> {
  await exhibit.teach({ inputs: [1, 1], targets: [1] });
  await exhibit.teach({ inputs: [0.5, 0.5], targets: [1], label: 'mine' });
  await vi.advanceTimersByTimeAsync(3_000); // 20 tries a second: the weights move
  await stopTraining(exhibit);
}

const sources = (exhibit: Exhibit) => exhibit.corpus.examples.map((e) => exhibit.lessons.sourceOf(e));

/** Records the network's weights as the 'forgotten' event goes out (a retrain may start right after). */
function onForgotten(exhibit: Exhibit): { params: number[] | null; count: number } {
  const seen = { params: null as number[] | null, count: 0 };
  exhibit.on('corpus', (change) => {
    if (change.outcome !== 'forgotten') return;
    seen.count++;
    seen.params = Array.from(exhibit.network.params);
  });
  return seen;
}

describe('visitors\' lessons: forget-after-idle', () => {
  it('after forgetAfterMs the visitors\' examples go, the replaced rig example comes back and the network has its weights from before the first lesson', async () => {
    fake();
    const exhibit = await exhibitWith({ lessons: 'forget-after-idle' });
    const before = Array.from(exhibit.network.params);
    const logs: string[] = [];
    exhibit.on('log', (_level, message) => logs.push(message));
    const forgotten = onForgotten(exhibit);
    await visitorTeaches(exhibit);
    expect(Array.from(exhibit.network.params)).not.toEqual(before);
    expect(sources(exhibit)).toEqual(['rig', 'rig', 'rig', 'visitor', 'visitor']);

    await vi.advanceTimersByTimeAsync(FORGET_MS - 3_500); // not yet: the count began at the start
    expect(forgotten.count).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(forgotten.count).toBe(1);
    expect(forgotten.params).toEqual(before);
    expect(exhibit.corpus.examples).toEqual(classicCorpus('xor').examples);
    expect(sources(exhibit)).toEqual(['rig', 'rig', 'rig', 'rig']);
    expect(logs).toContainEqual(expect.stringMatching(/forgot the 2 examples visitors taught and put the network back as it was before their lessons; 4 examples left/));
  });

  it('every visitor action starts the count again: a press just before the rollback puts it off until forgetAfterMs after the press', async () => {
    fake();
    const exhibit = await exhibitWith({ lessons: 'forget-after-idle' });
    const forgotten = onForgotten(exhibit);
    await visitorTeaches(exhibit); // the last teach was at 0 s; 3.2 s have gone by
    await vi.advanceTimersByTimeAsync(FORGET_MS - 3_200 - 5_000);
    exhibit.click('a0000001'); // input A, as a visitor on the page would
    await vi.advanceTimersByTimeAsync(10_000);
    expect(forgotten.count).toBe(0);
    expect(exhibit.visitors.idle).toBe(false);
    await vi.advanceTimersByTimeAsync(FORGET_MS - 10_000 - 1_000);
    expect(forgotten.count).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(forgotten.count).toBe(1);
  });

  it('a rollback while training runs stops that run, and learning starts again only because the old network errs', async () => {
    fake();
    const exhibit = await exhibitWith({ lessons: 'forget-after-idle' });
    await exhibit.teach({ inputs: [0.5, 0.5], targets: [1] });
    expect(exhibit.trainingStatus.running).toBe(true);
    const ended: (string | undefined)[] = [];
    exhibit.on('training', (status) => !status.running && ended.push(status.reason));
    const totals: number[] = [];
    exhibit.on('try', (event) => totals.push(event.total));
    const result = await forgetNow(exhibit);
    expect(result.forgotten).toBe(1);
    expect(ended).toContain('stopped');
    // The untrained first guess gets XOR wrong: it learns the rig's corpus again, from that guess.
    expect(result.training).toBe(true);
    expect(exhibit.trainingStatus.running).toBe(true);
    totals.length = 0;
    await vi.advanceTimersByTimeAsync(500);
    expect(totals.length).toBeGreaterThan(0);
    expect(new Set(totals)).toEqual(new Set([4]));
  });
});

async function forgetNow(exhibit: Exhibit) {
  const forgetting = exhibit.forgetVisitors();
  await vi.advanceTimersByTimeAsync(200);
  return forgetting;
}

describe('visitors\' lessons: forget-at-midnight', () => {
  it('forgets at local midnight, not before, and again the next night', async () => {
    fake();
    vi.setSystemTime(new Date(2026, 11, 1, 23, 58, 0)); // local time
    const exhibit = await exhibitWith({ lessons: 'forget-at-midnight' });
    const forgotten = onForgotten(exhibit);
    await visitorTeaches(exhibit);
    await vi.advanceTimersByTimeAsync(2 * 60_000 - 4_000 - 1_000);
    expect(forgotten.count).toBe(0);
    expect(exhibit.corpus.size).toBe(5);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(forgotten.count).toBe(1);
    expect(exhibit.corpus.examples).toEqual(classicCorpus('xor').examples);

    await stopTraining(exhibit);
    await exhibit.teach({ inputs: [0.5, 0.5], targets: [1] });
    await stopTraining(exhibit);
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(forgotten.count).toBe(2);
    expect(exhibit.corpus.size).toBe(4);
  });
});

describe('visitors\' lessons: keep, and staff keeping one', () => {
  it('keep: the lessons stay however long nobody comes', async () => {
    fake();
    const exhibit = await exhibitWith({ lessons: 'keep' });
    const forgotten = onForgotten(exhibit);
    await visitorTeaches(exhibit);
    await vi.advanceTimersByTimeAsync(2 * 24 * 3_600_000);
    expect(forgotten.count).toBe(0);
    expect(sources(exhibit)).toEqual(['rig', 'rig', 'rig', 'visitor', 'visitor']);
  });

  it('an example staff kept (or taught) survives the rollback; a kept one is staff\'s, and keeping a rig example is refused', async () => {
    fake();
    const exhibit = await exhibitWith({ lessons: 'forget-after-idle' });
    await visitorTeaches(exhibit);
    await exhibit.teach({ inputs: [0.2, 0.8], targets: [1] }, 'staff');
    await stopTraining(exhibit);
    await exhibit.keepExample(4);
    expect(sources(exhibit)).toEqual(['rig', 'rig', 'rig', 'visitor', 'staff', 'staff']);
    await expect(exhibit.keepExample(0)).rejects.toMatchObject({ code: 'NB_ERR_CONFLICT' });
    await expect(exhibit.keepExample(9)).rejects.toMatchObject({ code: 'NB_ERR_NOT_FOUND' });

    await vi.advanceTimersByTimeAsync(FORGET_MS);
    expect(exhibit.corpus.examples.map((e) => [e.inputs.join(), e.targets.join()])).toEqual([
      ['0,0', '0'], ['0,1', '1'], ['1,0', '1'], ['1,1', '0'], ['0.5,0.5', '1'], ['0.2,0.8', '1'],
    ]);
    expect(sources(exhibit)).toEqual(['rig', 'rig', 'rig', 'rig', 'staff', 'staff']);
  });
});

describe('visitors\' lessons across a restart', () => {
  it('a restart between the lesson and the rollback still forgets them, back to the weights from before the lesson', async () => {
    fake();
    const dir = await mkdtemp(join(tmpdir(), 'nb-lessons-'));
    const first = await exhibitWith({ lessons: 'forget-after-idle' }, { store: exhibitStore(dir, 'xor') });
    const before = Array.from(first.network.params);
    await visitorTeaches(first);
    await first.saved();
    const file = JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8'));
    expect(file.lessons.sources).toEqual(['rig', 'rig', 'rig', 'visitor', 'visitor']);
    expect(file.lessons.replaced).toEqual([{ index: 3, example: { inputs: [1, 1], targets: [0], label: '1 XOR 1' } }]);
    open.splice(open.indexOf(first), 1);
    const stopping = first.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopping;

    const store = exhibitStore(dir, 'xor');
    const saved = (await store.load())!.value;
    const second = await exhibitWith({ lessons: 'forget-after-idle' }, { store, saved });
    expect(sources(second)).toEqual(['rig', 'rig', 'rig', 'visitor', 'visitor']);
    const forgotten = onForgotten(second);
    await vi.advanceTimersByTimeAsync(FORGET_MS);
    expect(forgotten.params).toEqual(before);
    expect(second.corpus.examples).toEqual(classicCorpus('xor').examples);
    await second.saved();
    const after = JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8'));
    expect(after.lessons).toMatchObject({ sources: ['rig', 'rig', 'rig', 'rig'], replaced: [], networkBefore: null });
  });

  it('an old state file without lessons still loads, and every example in it is kept (none is a visitor\'s)', async () => {
    fake();
    const dir = await mkdtemp(join(tmpdir(), 'nb-lessons-'));
    const first = await exhibitWith({ lessons: 'forget-after-idle' }, { store: exhibitStore(dir, 'xor') });
    await first.teach({ inputs: [0.5, 0.5], targets: [1] });
    await stopTraining(first);
    await first.saved();
    const { parseStateDocument, stateDocument } = await import('../../src/runtime/exhibitState.js');
    const old = stateDocument('xor', first.network, first.corpus); // as neuroboard wrote it before lessons
    expect(old).not.toHaveProperty('lessons');
    const saved = parseStateDocument(JSON.parse(JSON.stringify(old)), 'xor.state.json');
    expect(saved.lessons).toBeNull();
    const second = await exhibitWith({ lessons: 'forget-after-idle' }, { saved });
    expect(sources(second)).toEqual(['rig', 'rig', 'rig', 'rig', 'staff']);
    await vi.advanceTimersByTimeAsync(FORGET_MS * 2);
    expect(second.corpus.size).toBe(5);
  });

  it('a lessons field that does not match its corpus is refused, naming the field', async () => {
    const { parseStateDocument, stateDocument } = await import('../../src/runtime/exhibitState.js');
    const exhibit = new Exhibit({ scheduler: nodeScheduler, rig: await testRig(), source: new ScriptedSource(), corpus: classicCorpus('xor') });
    const doc = { ...stateDocument('xor', exhibit.network, exhibit.corpus), lessons: { sources: ['rig'], replaced: [], networkBefore: null } };
    expect(() => parseStateDocument(doc, 'xor.state.json')).toThrow(/xor\.state\.json: lessons: sources must list "rig", "visitor" or "staff" for each of the 4 examples/);
  });
});

describe('the rig\'s visitors.lessons and visitors.forgetAfterMs', () => {
  it('default to forget-after-idle after 5 minutes; a rig may say keep or forget-at-midnight; anything else is refused naming the field', async () => {
    const { readFile: read } = await import('node:fs/promises');
    const { BOARDS_DIR } = await import('../../src/hosts/node/paths.js');
    const { validateRig } = await import('../../src/runtime/rig/load.js');
    const { loadProfileLimits } = await import('../../src/hosts/node/exhibitFiles.js');
    const { lessonsSettings } = await import('../../src/runtime/visitorLessonsSchedule.js');
    const profiles = await loadProfileLimits();
    const xor = JSON.parse(await read(join(BOARDS_DIR, 'rigs/xor.json'), 'utf8')) as Record<string, unknown>;
    const withVisitors = (visitors: unknown) => ({ ...xor, visitors });
    expect(lessonsSettings(validateRig(xor, 'xor.json', profiles).rig)).toEqual({ policy: 'forget-after-idle', forgetAfterMs: 300_000 });
    const midnight = validateRig(withVisitors({ lessons: 'forget-at-midnight' }), 'xor.json', profiles).rig;
    expect(lessonsSettings(midnight)).toEqual({ policy: 'forget-at-midnight', forgetAfterMs: 300_000 });
    expect(lessonsSettings(validateRig(withVisitors({ lessons: 'keep', forgetAfterMs: 60_000 }), 'xor.json', profiles).rig)).toEqual({ policy: 'keep', forgetAfterMs: 60_000 });
    for (const visitors of [{ lessons: 'sometimes' }, { forgetAfterMs: 10 }, { forgetAfterMs: 1.5e3 + 0.5 }]) {
      expect(() => validateRig(withVisitors(visitors), 'xor.json', profiles), JSON.stringify(visitors)).toThrow(/visitors/);
    }
  });
});

describe('a rollback while the network is lent out (the story plays on it)', () => {
  it('restores into the network it is given (the exhibit\'s own, which comes back at the hand-over), and leaves the borrower\'s alone', async () => {
    const { CorpusEdits } = await import('../../src/runtime/corpusEdits.js');
    const { createNetwork, cloneNetwork } = await import('../../src/core/network.js');
    const network = createNetwork({ sizes: [2, 2, 1], seed: 1 });
    const beforeLesson = Array.from(network.params);
    const corpus = classicCorpus('xor');
    const edits = new CorpusEdits({ name: 'xor', corpusLimit: 2000 }, classicCorpus('xor'), corpus);
    edits.teach({ inputs: [0.5, 0.5], targets: [1] }, 'visitor', network);
    network.params.fill(0.25); // the visitor's lesson was learnt
    // The story borrows the network (remembering it as it is now) and trains its own corpus on it.
    const lent = cloneNetwork(network);
    network.params.fill(0.75);
    const storyWeights = Array.from(network.params);

    const result = edits.forget('test', lent);
    expect(result).toMatchObject({ forgotten: 1, size: 4, restored: true });
    expect(result.news.map((n) => n.change)).toEqual([{ outcome: 'forgotten', index: -1, size: 4 }]);
    expect(Array.from(lent.params)).toEqual(beforeLesson); // what the hand-over puts back
    expect(Array.from(network.params)).toEqual(storyWeights); // the story's network, untouched
  });
});

describe('the rollback while the story plays by itself (the attract loop)', () => {
  it('the next visitor meets the network from before the lessons: the rollback went into the copy the hand-over puts back', async () => {
    const { fakeTime, storyExhibit, advanceUntil } = await import('./story/storyExhibit.js');
    fakeTime();
    const { exhibit } = await storyExhibit();
    open.push(exhibit);
    const beforeLesson = Array.from(exhibit.network.params);
    await exhibit.teach({ inputs: [1, 1], targets: [1] }); // a visitor's lesson: the network learns it a while
    await vi.advanceTimersByTimeAsync(3_000);
    await stopTraining(exhibit);
    expect(Array.from(exhibit.network.params)).not.toEqual(beforeLesson);
    let playingAtRollback: boolean | null = null;
    exhibit.on('corpus', (c) => c.outcome === 'forgotten' && (playingAtRollback = exhibit.story.playing));
    await advanceUntil(() => playingAtRollback !== null, 'the rollback', exhibit.rig.visitors.forgetAfterMs + 10_000, 1_000);
    expect(playingAtRollback).toBe(true); // idle since 90 s: the story plays on the network
    expect(exhibit.corpus.examples).toEqual(classicCorpus('xor').examples);

    exhibit.click('a0000001'); // a visitor: the story hands over
    expect(exhibit.story.playing).toBe(false);
    expect(Array.from(exhibit.network.params)).toEqual(beforeLesson);
  });
});
