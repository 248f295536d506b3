import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, type ActivationName } from '../../src/core/activations.js';
import { assertTargetsReachable } from '../../src/core/corpus.js';
import { Corpus, assertCorpusFits, classicCorpus, createNetwork, isNbError } from '../../src/core/index.js';

function errorOf(fn: () => unknown): { code?: string; field?: string | undefined; message: string } {
  try {
    fn();
  } catch (err) {
    return isNbError(err) ? { code: err.code, field: err.field, message: err.message } : { message: String(err) };
  }
  return { message: 'did not throw' };
}

describe('corpus model', () => {
  it('adds new inputs, merges an exact duplicate and replaces a conflict in place (newest wins)', () => {
    const c = new Corpus(2, 1);
    expect(c.add({ inputs: [0, 1], targets: [1], label: 'first' })).toEqual({ outcome: 'added', index: 0 });
    expect(c.add({ inputs: [1, 1], targets: [0] })).toEqual({ outcome: 'added', index: 1 });
    expect(c.add({ inputs: [0, 1], targets: [1], label: 'again' })).toEqual({ outcome: 'duplicate', index: 0 });
    expect(c.examples[0]!.label).toBe('first');
    const r = c.add({ inputs: [0, 1], targets: [0], label: 'changed my mind' });
    expect(r).toEqual({ outcome: 'replaced', index: 0, replaced: { inputs: [0, 1], targets: [1], label: 'first' } });
    expect(c.examples.map((e) => e.targets[0])).toEqual([0, 0]);
    expect(c.size).toBe(2);
  });

  it('treats -0 and 0 as the same input', () => {
    const c = new Corpus(1, 1, [{ inputs: [0], targets: [1] }]);
    expect(c.add({ inputs: [-0], targets: [1] }).outcome).toBe('duplicate');
  });

  it('keeps its own copy of an added example', () => {
    const e = { inputs: [0, 1], targets: [1] };
    const c = new Corpus(2, 1, [e]);
    e.inputs[0] = 9;
    expect(c.examples[0]!.inputs).toEqual([0, 1]);
  });

  it('rejects examples with 3 inputs for 2, 0 targets for 1 (naming the example index and field), NaN, Infinity, a string value, a missing field and a numeric label', () => {
    const c = new Corpus(2, 1, [{ inputs: [0, 0], targets: [0] }]);
    expect(errorOf(() => c.add({ inputs: [0, 1, 1], targets: [1] }))).toMatchObject({
      code: 'NB_ERR_DIMENSION_MISMATCH',
      field: 'examples[1].inputs',
      message: 'examples[1].inputs has 3 values but 2 are expected',
    });
    expect(errorOf(() => new Corpus(2, 1, [{ inputs: [0, 0], targets: [0] }, { inputs: [1, 1], targets: [] }]))).toMatchObject({
      code: 'NB_ERR_DIMENSION_MISMATCH',
      field: 'examples[1].targets',
    });
    expect(errorOf(() => c.add({ inputs: [NaN, 1], targets: [1] }))).toMatchObject({ field: 'examples[1].inputs[0]' });
    expect(errorOf(() => c.add({ inputs: [1, Infinity], targets: [1] }))).toMatchObject({ field: 'examples[1].inputs[1]' });
    expect(errorOf(() => c.add({ inputs: [1, '1' as unknown as number], targets: [1] })).message).toMatch(/must be a finite number, got "1"/);
    expect(errorOf(() => c.add({ inputs: [1, 1] } as never))).toMatchObject({ code: 'NB_ERR_INVALID_CORPUS', field: 'examples[1].targets' });
    expect(errorOf(() => c.add({ inputs: [1, 1], targets: [1], label: 5 as unknown as string }))).toMatchObject({
      field: 'examples[1].label',
    });
    expect(c.size).toBe(1);
  });

  it('checks a corpus against a network and names the mismatched side', () => {
    const net = createNetwork({ sizes: [2, 3, 1] });
    expect(() => assertCorpusFits(classicCorpus('xor'), net)).not.toThrow();
    expect(errorOf(() => assertCorpusFits(classicCorpus('majority3'), net))).toMatchObject({
      code: 'NB_ERR_DIMENSION_MISMATCH',
      message: 'the corpus has 3 inputs per example but the network takes 2',
    });
    expect(errorOf(() => assertCorpusFits(new Corpus(2, 2), net)).message).toBe(
      'the corpus has 2 targets per example but the network has 1 outputs',
    );
  });

  it('removes by index and rejects an index out of range', () => {
    const c = classicCorpus('and');
    expect(c.remove(0).label).toBe('0 AND 0');
    expect(c.size).toBe(3);
    expect(() => c.remove(3)).toThrow(/no example at index 3; the corpus has 3/);
  });
});

describe('classic corpora', () => {
  it('ship with the expected shapes and no duplicates or conflicts', () => {
    const shapes = {
      and: [2, 1, 4],
      or: [2, 1, 4],
      xor: [2, 1, 4],
      majority3: [3, 1, 8],
      'seven-segment': [7, 10, 10],
      'lines-3x3': [9, 2, 12],
    } as const;
    for (const [name, [i, o, n]] of Object.entries(shapes)) {
      const c = classicCorpus(name as keyof typeof shapes);
      expect([c.inputSize, c.outputSize, c.size], name).toEqual([i, o, n]);
    }
  });

  it('encodes the 7-segment digits as on a calculator (8 lights all, 1 lights b and c) with one-hot targets', () => {
    const c = classicCorpus('seven-segment');
    expect(c.examples[8]!.inputs).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(c.examples[1]!.inputs).toEqual([0, 1, 1, 0, 0, 0, 0]);
    c.examples.forEach((e, d) => expect(e.targets.indexOf(1)).toBe(d));
  });

  it('has 3x3 lines where every example contains a full line of its own kind and none of the other', () => {
    for (const e of classicCorpus('lines-3x3').examples) {
      const px = (r: number, c: number) => e.inputs[r * 3 + c] === 1;
      const rows = [0, 1, 2].filter((r) => px(r, 0) && px(r, 1) && px(r, 2)).length;
      const cols = [0, 1, 2].filter((c) => px(0, c) && px(1, c) && px(2, c)).length;
      expect([rows, cols]).toEqual(e.targets[0] === 1 ? [1, 0] : [0, 1]);
    }
  });

  it('returns a fresh copy each time', () => {
    classicCorpus('xor').remove(0);
    expect(classicCorpus('xor').size).toBe(4);
  });
});

describe('targets the output activation can reach', () => {
  it('every activation names its range: sigmoid 0 to 1, tanh -1 to 1, relu 0 or more, step only 0 or 1', () => {
    const cases: Array<[ActivationName, number[], number[], string]> = [
      ['sigmoid', [0, 0.5, 1], [-0.01, 1.01, 5], '0 to 1'],
      ['tanh', [-1, 0, 1], [-2, 1.5], '-1 to 1'],
      ['relu', [0, 3, 1000], [-0.5], '0 or more'],
      ['step', [0, 1], [0.5, 2, -1], '0 or 1'],
    ];
    expect(cases.map((c) => c[0]).sort()).toEqual([...ACTIVATION_NAMES].sort());
    for (const [name, good, bad, range] of cases) {
      for (const t of good) expect(() => assertTargetsReachable({ targets: [t] }, name, 'example'), `${name} ${t}`).not.toThrow();
      for (const t of bad) {
        expect(() => assertTargetsReachable({ targets: [0, t] }, name, 'example'), `${name} ${t}`).toThrow(
          `example.targets[1] is ${t}, but the output layer (${name}) can only give ${range}; use a target in that range`,
        );
      }
    }
  });

  it('replaceAll swaps every example at once, and leaves the corpus as it was when one is bad', () => {
    const corpus = new Corpus(2, 1, [{ inputs: [0, 0], targets: [0] }]);
    corpus.replaceAll([{ inputs: [1, 1], targets: [1] }, { inputs: [0, 1], targets: [1] }]);
    expect(corpus.examples.map((e) => e.inputs.join())).toEqual(['1,1', '0,1']);
    expect(() => corpus.replaceAll([{ inputs: [1, 0], targets: [1] }, { inputs: [1], targets: [1] }])).toThrow(/examples\[1\]\.inputs has 1 values/);
    expect(corpus.size).toBe(2);
  });
});
