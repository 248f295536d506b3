import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isNbError, NbError } from '../../../src/core/errors.js';
import { TrainingRunner, type TrainingStatus } from '../../../src/runtime/trainingRunner.js';
import { exhibitStore } from '../../../src/hosts/node/stateFile.js';
import type { Exhibit } from '../../../src/runtime/exhibit.js';
import { advanceUntil, fakeTime, storyExhibit, stopInFakeTime } from './storyExhibit.js';

let running: Exhibit | null = null;

afterEach(async () => {
  await stopInFakeTime(running);
  running = null;
});

const where = (s: { act: { id: string } | null; scene: { kind: string; index: number } | null }) => (s.act ? `${s.act.id}/${s.scene?.index}:${s.scene?.kind}` : 'none');

describe('the story on the exhibit', () => {
  it('plays its acts in order on the boards (act 1 with the hidden board dark), then from act 1 again', async () => {
    fakeTime();
    vi.spyOn(Math, 'random').mockReturnValue(0.25); // act 2's random guess: the same every run
    const { exhibit, source, events } = await storyExhibit();
    running = exhibit;
    const traces: { source: string; hidden: number[]; answer: number }[] = [];
    exhibit.on('trace', (t, s) => traces.push({ source: s, hidden: t.layers[0]!.activations, answer: t.outputs[0]! }));

    expect(exhibit.story.state()).toMatchObject({ name: 'xor', playing: false, act: null });
    const started = exhibit.story.play();
    expect(started).toMatchObject({ playing: true, act: { index: 0, id: 'one-neuron', count: 3 }, network: 'no-hidden' });
    // Act 1's first scene learns AND on the stand-in: hidden board dark, the map's dots are AND's.
    await advanceUntil(() => exhibit.story.state().scene?.kind === 'show', 'act 1 shows AND learnt');
    const state = exhibit.story.state();
    expect(state.examples).toEqual([
      { inputs: [0, 0], targets: [0] },
      { inputs: [0, 1], targets: [0] },
      { inputs: [1, 0], targets: [0] },
      { inputs: [1, 1], targets: [1] },
    ]);
    expect(state.standIn).toMatchObject({ sizes: [2, 1], layers: [{ activation: 'step' }] });
    await vi.advanceTimersByTimeAsync(8_000); // the four examples, one cascade each
    const shown = traces.filter((t) => t.source === 'story');
    expect(shown.length).toBeGreaterThanOrEqual(4);
    expect(shown.every((t) => t.hidden.every((a) => a === 0))).toBe(true);
    expect(shown.map((t) => t.answer).slice(-4)).toEqual([0, 0, 0, 1]); // AND, answered by one neuron
    for (let ch = 0; ch < 3; ch++) expect(source.led('a0000003', ch)).toBe(0);
    expect(exhibit.state().story.network).toBe('no-hidden');

    // Every scene in order, the learn scenes' outcomes, and act 1 again after act 3.
    const looped = () => {
      const invite = events.findIndex((e) => e.state.act?.id === 'your-turn');
      return invite >= 0 && events.slice(invite).some((e) => e.state.act?.id === 'one-neuron');
    };
    await advanceUntil(looped, 'the story starts again from act 1 after act 3', 400_000, 500);
    const order = events.map((e) => where(e.state)).filter((w, i, all) => w !== all[i - 1]);
    const firstLoop = order.slice(0, order.indexOf('your-turn/0:invite') + 1);
    expect(firstLoop).toEqual([
      'one-neuron/0:learn', 'one-neuron/1:show', 'one-neuron/2:learn', 'one-neuron/3:show', 'one-neuron/4:learn', 'one-neuron/5:hold',
      'hidden-layer/0:hold', 'hidden-layer/1:learn', 'hidden-layer/2:show', 'your-turn/0:invite',
    ]);
    expect(order[firstLoop.length]).toBe('one-neuron/0:learn');
    const loopEnd = events.findIndex((e) => where(e.state) === 'your-turn/0:invite');
    const outcome = (act: string, scene: number) =>
      events.slice(0, loopEnd).filter((e) => e.state.act?.id === act && e.state.scene?.index === scene).at(-1)?.state.scene?.outcome;
    expect([outcome('one-neuron', 0), outcome('one-neuron', 2), outcome('one-neuron', 4)]).toEqual(['learned', 'learned', 'failed']);
    expect(outcome('hidden-layer', 1)).toBe('learned');
  });

  it('a hand-over puts back the network and inputs from before the story, at once, and nothing trains it after', async () => {
    fakeTime();
    const { exhibit, events } = await storyExhibit();
    running = exhibit;
    exhibit.setInputs([1, 0]);
    const before = Array.from(exhibit.network.params);
    let tries = 0;
    exhibit.on('try', () => tries++);
    exhibit.story.play();
    // Into act 2: the rig's own network learns XOR from a random guess.
    await advanceUntil(() => exhibit.story.state().scene?.outcome === 'learning' && exhibit.story.state().act?.id === 'hidden-layer', 'act 2 learning', 120_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(exhibit.trainingStatus.running).toBe(true);
    expect(Array.from(exhibit.network.params)).not.toEqual(before);
    expect(tries).toBeGreaterThanOrEqual(15); // act 2 learns at the rig's pace (20 a second): every try an event for the page

    const triedBefore = exhibit.trainingStatus.tried!;
    const training: TrainingStatus[] = [];
    exhibit.on('training', (s) => training.push(s));
    expect(exhibit.story.handOver()).toBe(true);
    expect(Array.from(exhibit.network.params)).toEqual(before);
    expect(exhibit.state().inputs).toEqual([1, 0]);
    expect(exhibit.state().story).toMatchObject({ playing: false, act: null, scene: null, standIn: null });
    expect(events.at(-1)!.state.playing).toBe(false);
    // The run the story started has ended between two tries: not one more touches the network put back,
    // and the status is the exhibit's own again.
    expect(training.find((s) => s.of === 'story')).toMatchObject({ running: false, reason: 'stopped', tried: triedBefore });
    expect(exhibit.trainingStatus).toMatchObject({ of: 'exhibit', running: false });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(Array.from(exhibit.network.params)).toEqual(before);
    expect(exhibit.story.handOver()).toBe(false);
  });

  it('saves while the story plays write the network from before it', async () => {
    fakeTime();
    const dir = await mkdtemp(join(tmpdir(), 'nb-story-save-'));
    const { exhibit } = await storyExhibit({ store: exhibitStore(dir, 'xor') });
    running = exhibit;
    const before = Array.from(exhibit.network.params);
    exhibit.story.play();
    await advanceUntil(() => exhibit.story.state().act?.id === 'hidden-layer' && exhibit.story.state().scene?.outcome === 'learning', 'act 2 learning', 120_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(Array.from(exhibit.network.params)).not.toEqual(before);
    await exhibit.save();
    const doc = JSON.parse(await readFile(join(dir, 'xor.state.json'), 'utf8')) as { network: { layers: { weights: number[]; biases: number[] }[] } };
    expect(doc.network.layers.flatMap((l) => [...l.weights, ...l.biases])).toEqual(before);
  });

  it('a story that breaks down stops, says why in the log, and puts the network from before it back', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    const logs: string[] = [];
    exhibit.on('log', (_level, message) => logs.push(message));
    exhibit.story.play();
    await advanceUntil(() => exhibit.story.state().act?.id === 'hidden-layer' && exhibit.story.state().scene?.kind === 'hold', 'act 2 begins', 120_000);
    expect(exhibit.state().inputs).not.toEqual([0, 0]); // act 1's show scenes set the story's inputs
    const before = exhibit.ownNetwork.params.slice();
    vi.spyOn(TrainingRunner.prototype, 'start').mockImplementation(() => {
      throw new NbError('NB_ERR_CONFLICT', 'the runner is busy');
    });
    await advanceUntil(() => !exhibit.story.playing, 'the story to stop', 10_000);
    expect(logs).toContain('the story stopped: the runner is busy');
    expect(exhibit.network.params).toEqual(before);
    expect(exhibit.state().story).toMatchObject({ playing: false, act: null });
    expect(exhibit.ownNetwork).toBe(exhibit.network);
    expect(exhibit.state().inputs).toEqual([0, 0]); // the inputs from before it, too
  });

  it('the digits7 story learns the digits from a random guess, shows each one, then invites', async () => {
    fakeTime();
    vi.spyOn(Math, 'random').mockReturnValue(0.25);
    const { exhibit, events } = await storyExhibit({ rig: 'digits7' });
    running = exhibit;
    exhibit.story.play();
    await advanceUntil(() => exhibit.story.state().act?.id === 'your-turn', 'the invite', 300_000, 500);
    const learn = events.filter((e) => e.state.act?.id === 'learning' && e.state.scene?.index === 0).at(-1)!.state;
    expect(learn.scene).toMatchObject({ kind: 'learn', caption: 'story.digits.learning', outcome: 'learned' });
    expect(learn.examples).toHaveLength(10);
    expect(events.some((e) => e.state.scene?.caption === 'story.digits.learned')).toBe(true);
  });

  it('ownNetwork is the exhibit\'s own network: the copy from before the story while it plays, and a change to it survives the hand-over', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit();
    running = exhibit;
    expect(exhibit.ownNetwork).toBe(exhibit.network);
    exhibit.story.play();
    const own = exhibit.ownNetwork;
    expect(own).not.toBe(exhibit.network);
    own.params.fill(0.5); // e.g. forgetting visitors' lessons while the story plays
    await vi.advanceTimersByTimeAsync(3_000);
    exhibit.story.handOver();
    expect(Array.from(exhibit.network.params).every((p) => p === 0.5)).toBe(true);
  });

  it('a rig with no story says so (409) and its state names none', async () => {
    fakeTime();
    const { exhibit } = await storyExhibit({ withStory: false });
    running = exhibit;
    expect(exhibit.state().story).toEqual({ name: null, playing: false, act: null, scene: null, network: null, standIn: null, examples: null });
    const err = (() => {
      try {
        exhibit.story.play();
      } catch (e) {
        return e;
      }
    })();
    expect(isNbError(err, 'NB_ERR_CONFLICT')).toBe(true);
    expect((err as Error).message).toMatch(/rig "xor" has no story/);
  });
});
