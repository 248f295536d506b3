/**
 * Saving and loading a corpus as versioned JSON:
 *
 *   { "format": "neuroboard.corpus", "version": 1, "inputSize": 2, "outputSize": 1,
 *     "examples": [ { "inputs": [0, 1], "targets": [1], "label": "0 XOR 1" }, ... ] }
 *
 * Loading applies the corpus rules (duplicates kept once, a conflict replaced by the later
 * example, see corpus.ts) and names the field of the first problem.
 */
import { Corpus, type Example } from './corpus.js';
import { NbError } from './errors.js';
import { arrayAt, describe, objectAt, parseJsonText } from './jsonFields.js';

/** The `format` string of a corpus document. */
export const CORPUS_FORMAT = 'neuroboard.corpus';
/** The version this code writes and reads. */
export const CORPUS_VERSION = 1;

/** A corpus document, version 1. */
export interface CorpusJson {
  format: typeof CORPUS_FORMAT;
  version: typeof CORPUS_VERSION;
  inputSize: number;
  outputSize: number;
  examples: Example[];
}

/** The corpus as a JSON-ready document. */
export function corpusToJson(corpus: Corpus): CorpusJson {
  return {
    format: CORPUS_FORMAT,
    version: CORPUS_VERSION,
    inputSize: corpus.inputSize,
    outputSize: corpus.outputSize,
    examples: corpus.examples.map((e) => ({
      inputs: [...e.inputs],
      targets: [...e.targets],
      ...(e.label === undefined ? {} : { label: e.label }),
    })),
  };
}

/** The corpus as JSON text. */
export function stringifyCorpus(corpus: Corpus, indent?: number): string {
  return JSON.stringify(corpusToJson(corpus), null, indent);
}

/** Checks a parsed corpus document and builds the corpus. */
export function corpusFromJson(value: unknown): Corpus {
  const code = 'NB_ERR_INVALID_CORPUS';
  const doc = objectAt(value, '', code);
  if (doc['format'] !== CORPUS_FORMAT) {
    throw new NbError(code, `format must be "${CORPUS_FORMAT}", got ${describe(doc['format'])}: is this a corpus file?`, {
      field: 'format',
    });
  }
  if (doc['version'] !== CORPUS_VERSION) {
    throw new NbError(
      'NB_ERR_UNSUPPORTED_VERSION',
      `version ${describe(doc['version'])} of the corpus format is not supported; this neuroboard reads version ${CORPUS_VERSION}`,
      { field: 'version' },
    );
  }
  for (const field of ['inputSize', 'outputSize']) {
    const n = doc[field];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
      throw new NbError(code, `${field} must be a whole number of at least 1, got ${describe(n)}`, { field });
    }
  }
  const examples = arrayAt(doc['examples'], 'examples', code);
  const corpus = new Corpus(doc['inputSize'] as number, doc['outputSize'] as number);
  examples.forEach((e, i) => corpus.add(e as Example, `examples[${i}]`));
  return corpus;
}

/** Parses corpus JSON text. */
export function parseCorpus(text: string): Corpus {
  return corpusFromJson(parseJsonText(text, 'corpus file', 'NB_ERR_INVALID_CORPUS'));
}
