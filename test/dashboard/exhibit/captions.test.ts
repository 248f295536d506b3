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
