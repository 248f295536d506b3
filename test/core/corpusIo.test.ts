import { describe, expect, it } from 'vitest';
import {
  CLASSIC_CORPUS_NAMES,
  Corpus,
  classicCorpus,
  corpusFromCsv,
  corpusToCsv,
  corpusToJson,
  isNbError,
  parseCorpus,
  stringifyCorpus,
} from '../../src/core/index.js';

function errorOf(fn: () => unknown): { code?: string; field?: string | undefined; message: string } {
  try {
    fn();
  } catch (err) {
    return isNbError(err) ? { code: err.code, field: err.field, message: err.message } : { message: `crash: ${String(err)}` };
  }
  return { message: 'did not throw' };
}

describe('corpus JSON and CSV round trips', () => {
  for (const name of CLASSIC_CORPUS_NAMES) {
    it(`round-trips the ${name} corpus through JSON and CSV`, () => {
      const c = classicCorpus(name);
      expect(corpusToJson(parseCorpus(stringifyCorpus(c)))).toEqual(corpusToJson(c));
      expect(corpusToJson(corpusFromCsv(corpusToCsv(c)))).toEqual(corpusToJson(c));
    });
  }

  it('writes a header in0,in1,out0,label and quotes labels with commas and quotes', () => {
    const c = new Corpus(2, 1, [
      { inputs: [0.25, -1], targets: [1], label: 'a, "b"' },
      { inputs: [1, 1], targets: [0] },
    ]);
    const csv = corpusToCsv(c);
    expect(csv).toBe('in0,in1,out0,label\n0.25,-1,1,"a, ""b"""\n1,1,0,\n');
    expect(corpusToJson(corpusFromCsv(csv))).toEqual(corpusToJson(c));
  });

  it('reads CSV without a label column, with CRLF line ends and blank lines', () => {
    const c = corpusFromCsv('in0,in1,out0\r\n0,0,0\r\n\r\n1,1,1\r\n');
    expect(c.examples).toEqual([
      { inputs: [0, 0], targets: [0] },
      { inputs: [1, 1], targets: [1] },
    ]);
  });

  it('applies the duplicate and conflict rules when reading (a later line replaces an earlier one)', () => {
    const c = corpusFromCsv('in0,out0\n1,0\n1,0\n1,1\n');
    expect(c.examples).toEqual([{ inputs: [1], targets: [1] }]);
  });
});

describe('corpus CSV errors name the line and column', () => {
  it('rejects an empty file, a header missing out columns, and a misnamed header column', () => {
    expect(errorOf(() => corpusFromCsv('')).message).toMatch(/empty.*in0,in1,out0,label/);
    expect(errorOf(() => corpusFromCsv('in0,in1\n0,1\n')).message).toMatch(/^line 1, column 3: header "" where in2 or out0 was expected/);
    expect(errorOf(() => corpusFromCsv('in0,input1,out0\n')).message).toMatch(/^line 1, column 2: header "input1"/);
  });

  it('rejects a non-number "x" at line 3, column 2, an empty cell, and a row with too few columns', () => {
    expect(errorOf(() => corpusFromCsv('in0,in1,out0\n0,0,0\n1,x,1\n'))).toMatchObject({
      code: 'NB_ERR_INVALID_CORPUS',
      message: 'line 3, column 2 (in1): "x" is not a finite number',
    });
    expect(errorOf(() => corpusFromCsv('in0,out0\n1,\n')).message).toMatch(/^line 2, column 2 \(out0\)/);
    expect(errorOf(() => corpusFromCsv('in0,in1,out0\n0,1\n')).message).toBe('line 2: 2 columns, but the header has 3');
    expect(errorOf(() => corpusFromCsv('in0,out0\nInfinity,1\n')).message).toMatch(/line 2, column 1 \(in0\)/);
  });

  it('rejects an unclosed quote', () => {
    expect(errorOf(() => corpusFromCsv('in0,out0,label\n1,1,"open\n')).message).toMatch(/line 2: a quoted value is never closed/);
  });
});

describe('corpus JSON errors name the field', () => {
  const doc = () => corpusToJson(classicCorpus('xor')) as unknown as Record<string, any>;
  it('rejects a wrong format, version 2, a missing inputSize, and a bad example (naming examples[2].targets)', () => {
    expect(errorOf(() => parseCorpus(JSON.stringify({ ...doc(), format: 'x' })))).toMatchObject({ field: 'format' });
    expect(errorOf(() => parseCorpus(JSON.stringify({ ...doc(), version: 2 })))).toMatchObject({ code: 'NB_ERR_UNSUPPORTED_VERSION' });
    const noSize = doc();
    delete noSize.inputSize;
    expect(errorOf(() => parseCorpus(JSON.stringify(noSize)))).toMatchObject({ field: 'inputSize' });
    const bad = doc();
    bad.examples[2].targets = [1, 0];
    expect(errorOf(() => parseCorpus(JSON.stringify(bad)))).toMatchObject({
      code: 'NB_ERR_DIMENSION_MISMATCH',
      field: 'examples[2].targets',
    });
    expect(errorOf(() => parseCorpus('not json'))).toMatchObject({ code: 'NB_ERR_INVALID_CORPUS' });
  });
});
