/**
 * The corpus a rig names: a shipped one by name, a JSON or CSV file the rig names (read through the
 * host's ExhibitFiles, which says where such a file may be), or inline.
 */
import { CLASSIC_CORPUS_NAMES, classicCorpus, type ClassicCorpusName } from '../../core/corpora.js';
import { corpusFromCsv } from '../../core/corpusCsv.js';
import { corpusFromJson } from '../../core/corpusJson.js';
import { Corpus, unreachableTarget } from '../../core/corpus.js';
import { NbError } from '../../core/errors.js';
import type { ExhibitFiles, FileRef } from '../../platform/exhibitFiles.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import { RIG_DEFAULTS, type ResolvedRig } from './validate.js';

export async function readRigCorpus(files: ExhibitFiles, rig: ResolvedRig, rigPath: FileRef): Promise<Corpus> {
  const nIn = rig.network.layers[0]!;
  const nOut = rig.network.layers[rig.network.layers.length - 1]!;
  let corpus: Corpus;
  // Where the examples came from, for messages: the corpus file, or the rig itself.
  let from = `${rigPath}: /corpus`;
  if (Array.isArray(rig.corpus)) {
    corpus = new Corpus(nIn, nOut, rig.corpus);
  } else if ((CLASSIC_CORPUS_NAMES as readonly string[]).includes(rig.corpus)) {
    corpus = classicCorpus(rig.corpus as ClassicCorpusName);
  } else if (/\.(json|csv)$/i.test(rig.corpus)) {
    const path = await files.named(rigPath, rig.corpus, '/corpus', { what: 'rig', code: 'NB_ERR_INVALID_RIG' });
    from = `${path} (the corpus of ${rigPath}): examples`;
    let text: string;
    try {
      text = await files.read(path, 'corpus');
    } catch (err) {
      // Exit 74 like every file that cannot be read (README's table); what is wrong inside one is the corpus's code.
      throw new NbError('NB_ERR_IO', `${rigPath}: /corpus: ${(err as Error).message}`, { field: '/corpus', cause: err });
    }
    const csv = /\.csv$/i.test(path);
    const data = csv ? null : parseJsonFile(text, path, 'NB_ERR_INVALID_CORPUS');
    try {
      corpus = csv ? corpusFromCsv(text) : corpusFromJson(data);
    } catch (err) {
      throw new NbError('NB_ERR_INVALID_CORPUS', `${path}: ${(err as Error).message}`, { field: '/corpus', cause: err });
    }
  } else {
    throw new NbError(
      'NB_ERR_INVALID_RIG',
      `${rigPath}: /corpus: "${rig.corpus}" is neither a shipped corpus (${CLASSIC_CORPUS_NAMES.join(', ')}) nor a .json/.csv file`,
      { field: '/corpus' },
    );
  }
  if (corpus.inputSize !== nIn || corpus.outputSize !== nOut) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `${rigPath}: the corpus has ${corpus.inputSize} inputs and ${corpus.outputSize} outputs per example, ` +
        `but the network is ${rig.network.layers.join('-')}`,
      { field: '/corpus' },
    );
  }
  if (corpus.size > rig.corpusLimit) {
    // Its own examples are never dropped: a rig whose corpus fills its limit leaves visitors no room.
    throw new NbError(
      'NB_ERR_INVALID_RIG',
      `${rigPath}: /corpusLimit: the rig's own corpus has ${corpus.size} examples, more than its corpusLimit of ${rig.corpusLimit}` +
        `${rig.corpusLimit === RIG_DEFAULTS.corpusLimit ? ' (the default)' : ''}; set "corpusLimit" above ${corpus.size}, with room for what visitors teach`,
      { field: '/corpusLimit' },
    );
  }
  const activation = rig.network.activation;
  corpus.examples.forEach((example, i) => {
    const found = unreachableTarget(example.targets, activation);
    if (!found) return;
    // In the rig's own text the field is the example's; a corpus file is pointed to by /corpus.
    const field = Array.isArray(rig.corpus) ? `/corpus/${i}/targets/${found.index}` : '/corpus';
    throw new NbError('NB_ERR_INVALID_CORPUS', `${from}[${i}].targets[${found.index}] ${found.problem}`, { field });
  });
  return corpus;
}
