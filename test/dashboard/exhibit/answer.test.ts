/**
 * The answer beside the visitor page's buttons (dashboard/exhibit/js/answer.js, loaded by URL): YES or
 * NO for one answer neuron, the brightest fired answer's name for several, "not sure" when none fired.
 */
import { describe, expect, it } from 'vitest';

const { answerOf } = await import(new URL('../../../dashboard/exhibit/js/answer.js', import.meta.url).href);

describe('the answer in a word', () => {
  it('one answer neuron: YES when it fired, NO when not', () => {
    expect(answerOf({ layer: 2, activations: [0.9], fired: [true] }, ['yes'])).toMatchObject({ kind: 'yes', key: 'answer.yes' });
    expect(answerOf({ layer: 2, activations: [0.2], fired: [false] }, ['yes'])).toMatchObject({ kind: 'no', key: 'answer.no' });
  });

  it('several: the name of the brightest that fired; none fired: not sure; nothing lit yet: nothing', () => {
    const names = ['0', '1', '7'];
    expect(answerOf({ layer: 2, activations: [0.6, 0.1, 0.8], fired: [true, false, true] }, names)).toEqual({ kind: 'named', key: 'answer.named', vars: { answer: '7' } });
    expect(answerOf({ layer: 2, activations: [0.4, 0.1, 0.3], fired: [false, false, false] }, names)).toMatchObject({ kind: 'unsure' });
    expect(answerOf(null, names)).toBeNull();
  });
});
