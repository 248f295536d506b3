/**
 * The visitor page's captions (dashboard/exhibit/js/captions.js, loaded by URL, on a stand-in element): the
 * story handing over is said at once, and stays as the first sentence of the press that took over.
 */
import { describe, expect, it } from 'vitest';

const { createCaptions } = await import(new URL('../../../dashboard/exhibit/js/captions.js', import.meta.url).href);

const STRINGS: Record<string, string> = {
  'caption.idle': 'Press a button.',
  'story.handedOver': 'Your turn.',
  'caption.switchedOn': 'You switched on input {name}.',
  'caption.switchedOff': 'You switched off input {name}.',
  'caption.taught': 'You taught it.',
  'caption.switchedOnSegment': 'You switched on segment {name}.',
  'caption.hiddenNone': 'The signal reaches {layer}: no neuron fires.',
  'caption.hiddenOne': 'The signal reaches {layer}: one neuron fires.',
  'caption.layerHidden': 'the hidden layer',
  'caption.answerFires': 'The answer neuron adds up what it receives: it fires.',
  'caption.answerFiresOnItsOwn': 'Nothing reaches it, yet it fires: its bias.',
  'caption.saysYes': 'YES.',
  'caption.restarted': 'It forgot.',
};
const t = (key: string, vars: Record<string, string> = {}) => (STRINGS[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
const names = { inputNames: ['A', 'B'], answerNames: ['yes'], sizes: [2, 3, 1] };
const trace = (inputs: number[]) => ({ inputs, layers: [] });

describe('captions when the story hands over', () => {
  it('says the hand-over, then keeps it before the story of the press that took over, once', () => {
    const el = { textContent: '', dataset: {} as Record<string, string> };
    const captions = createCaptions(el, { t, count: String });
    expect(el.textContent).toBe('Press a button.');
    captions.say('story.handedOver');
    expect(el.textContent).toBe('Your turn.');
    // the story's own pass (putting the network back) says nothing
    captions.onTrace(trace([0, 0]), 'story', [1, 1], names);
    expect(el.textContent).toBe('Your turn.');
    captions.onTrace(trace([1, 0]), 'button:a0000001', [0, 0], names);
    expect(el.textContent).toBe('Your turn. You switched on input A.');
    captions.onTrace(trace([0, 0]), 'button:a0000001', [1, 0], names);
    expect(el.textContent).toBe('You switched off input A.');
  });
});

describe('captions a child can follow (issue 19 item 7)', () => {
  const step = (layer: number, fired: boolean[]) => ({ layer, activations: fired.map((f) => (f ? 0.9 : 0.1)), fired });

  it('says why the answer neuron fires when no hidden neuron does (its bias), and not when one does', () => {
    const el = { textContent: '', dataset: {} as Record<string, string> };
    const captions = createCaptions(el, { t, count: String });
    captions.onTrace(trace([1, 0]), 'button:a0000001', [0, 0], names);
    captions.onStep(step(1, [false, false, false]));
    captions.onStep(step(2, [true]));
    expect(el.textContent).toBe('You switched on input A. The signal reaches the hidden layer: no neuron fires. Nothing reaches it, yet it fires: its bias. YES.');
    captions.onTrace(trace([0, 0]), 'button:a0000001', [1, 0], names);
    captions.onStep(step(1, [false, true, false]));
    captions.onStep(step(2, [true]));
    expect(el.textContent).toMatch(/one neuron fires\. The answer neuron adds up what it receives: it fires\. YES\.$/);
  });

  it('a digit\'s inputs are segments', () => {
    const el = { textContent: '', dataset: {} as Record<string, string> };
    const captions = createCaptions(el, { t, count: String });
    captions.onTrace(trace([0, 0, 1]), 'button:a0000001', [0, 0, 0], { ...names, inputNames: ['a', 'b', 'c'], segments: true });
    expect(el.textContent).toBe('You switched on segment c.');
  });

  it('after "Start again" it no longer tells the pass of the network that was forgotten', () => {
    const el = { textContent: '', dataset: {} as Record<string, string> };
    const captions = createCaptions(el, { t, count: String });
    captions.onTrace(trace([1, 0]), 'button:a0000001', [0, 0], names);
    captions.onRestart();
    expect(el.textContent).toBe('It forgot.');
    // the pass it was telling ends: nothing of it is added
    captions.onStep(step(2, [true]));
    expect(el.textContent).toBe('It forgot.');
  });
});
