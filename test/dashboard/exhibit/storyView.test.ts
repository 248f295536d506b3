/**
 * The visitor page's view of the story (dashboard/exhibit/js/storyView.js, a plain browser module loaded here
 * by URL): the act and caption while it plays, the one-neuron stand-in, a failed XOR that stays
 * failed through the "no straight line" hold, and the hand-over to a visitor.
 */
import { describe, expect, it } from 'vitest';

const { storyView, handedOver } = await import(new URL('../../../dashboard/exhibit/js/storyView.js', import.meta.url).href);

const standIn = { format: 'neuroboard.network', version: 1, sizes: [2, 1], layers: [{ activation: 'step', threshold: 0.5, weights: [1, 1], biases: [-1.5] }] };
const xor = [
  { inputs: [0, 0], targets: [0] },
  { inputs: [0, 1], targets: [1] },
  { inputs: [1, 0], targets: [1] },
  { inputs: [1, 1], targets: [0] },
];
const act1 = { index: 0, id: 'one-neuron', count: 3, title: 'story.oneNeuron.title' };
const playing = (scene: object, extra: object = {}) => ({ name: 'xor', playing: true, act: act1, scene, network: 'no-hidden', standIn, examples: xor, ...extra });

describe('storyView', () => {
  it('shows nothing of a story that is not playing (or a rig without one)', () => {
    expect(storyView(null)).toEqual({ playing: false });
    expect(storyView({ name: null, playing: false, act: null, scene: null, network: null, standIn: null, examples: null })).toEqual({ playing: false });
    expect(storyView({ ...playing({ index: 0, kind: 'hold', caption: 'x' }), playing: false })).toEqual({ playing: false });
  });

  it('names the act as "n of count", its title and the scene caption; a one-neuron act carries the stand-in and its examples', () => {
    const view = storyView(playing({ index: 0, kind: 'learn', caption: 'story.oneNeuron.learnAnd', outcome: 'learning' }));
    expect(view).toEqual({
      playing: true,
      act: { index: 0, n: 1, count: 3, title: 'story.oneNeuron.title' },
      caption: 'story.oneNeuron.learnAnd',
      noHidden: true,
      standIn,
      examples: xor,
      failed: false,
    });
    const act2 = storyView({ ...playing({ index: 0, kind: 'hold', caption: 'story.hiddenLayer.switchOn' }), act: { index: 1, id: 'hidden-layer', count: 3, title: 'story.hiddenLayer.title' }, network: 'rig', standIn: null, examples: null });
    expect(act2).toMatchObject({ act: { n: 2, count: 3 }, noHidden: false, standIn: null, examples: null, failed: false });
  });

  it('a failed XOR stays failed through the hold that explains it, and ends with the act or the next learn scene', () => {
    const failed = storyView(playing({ index: 4, kind: 'learn', caption: 'story.oneNeuron.tryXor', outcome: 'failed' }));
    expect(failed.failed).toBe(true);
    const hold = storyView(playing({ index: 5, kind: 'hold', caption: 'story.oneNeuron.noLine' }), failed);
    expect(hold.failed).toBe(true);
    // a hold after AND was learned (every example right) is not a failure
    const and = xor.map((e) => ({ inputs: e.inputs, targets: [e.inputs[0]! & e.inputs[1]!] }));
    const learned = storyView(playing({ index: 0, kind: 'learn', caption: 'c', outcome: 'learned' }, { examples: and }));
    expect(storyView(playing({ index: 1, kind: 'show', caption: 'story.oneNeuron.andLearned' }, { examples: and }), learned).failed).toBe(false);
    // a page opened during the hold (it never saw the learn scene fail) still shows why: XOR answered wrongly
    expect(storyView(playing({ index: 5, kind: 'hold', caption: 'story.oneNeuron.noLine' })).failed).toBe(true);
    expect(storyView(playing({ index: 0, kind: 'learn', caption: 'story.oneNeuron.learnAnd', outcome: 'learning' }), hold).failed).toBe(false);
    const nextAct = storyView({ ...playing({ index: 0, kind: 'hold', caption: 'story.hiddenLayer.switchOn' }), act: { ...act1, index: 1 }, network: 'rig', standIn: null }, hold);
    expect(nextAct.failed).toBe(false);
  });

  it('a story that stops playing has handed over to a visitor; one that was not playing has not', () => {
    const on = playing({ index: 0, kind: 'hold', caption: 'x' });
    const off = { ...on, playing: false, act: null, scene: null };
    expect(handedOver(on, off)).toBe(true);
    expect(handedOver(off, off)).toBe(false);
    expect(handedOver(undefined, off)).toBe(false);
    expect(handedOver(on, on)).toBe(false);
  });
});
