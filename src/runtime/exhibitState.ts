/**
 * What an exhibit keeps on disk: the trained network and the corpus, in one document so they can
 * never be saved out of step with each other, with who taught each example and the network from
 * before the visitors' lessons (visitorLessons.ts). Written through the host's ExhibitStore (src/platform).
 */
import { corpusFromJson, corpusToJson, type CorpusJson } from '../core/corpusJson.js';
import type { Corpus } from '../core/corpus.js';
import { NbError } from '../core/errors.js';
import { networkFromJson, networkToJson, type NetworkJson } from '../core/networkJson.js';
import { createNetwork, type Network } from '../core/network.js';
import type { NeuronModel, ResolvedRig } from './rig/validate.js';
import { parseLessons, type LessonsJson, type ParsedLessons } from './visitorLessons.js';

export const STATE_FORMAT = 'neuroboard.state';
export const STATE_VERSION = 1;

export interface StateDocument {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  rig: string;
  savedAt: string;
  network: NetworkJson;
  corpus: CorpusJson;
  /** Optional (files from before it have none: every example is then kept as before). */
  lessons?: LessonsJson;
  /** The model staff last chose (PUT /api/neurons); optional: without it the rig's neurons.model. */
  neurons?: { model: NeuronModel };
}

export interface ExhibitSnapshot {
  rig: string;
  network: Network;
  corpus: Corpus;
  /** Null when the file had none. */
  lessons?: ParsedLessons | null;
  /** The model staff last chose; absent when the file has none (the rig's then). */
  neuronModel?: NeuronModel;
}

export function stateDocument(rig: string, network: Network, corpus: Corpus, lessons?: LessonsJson, neuronModel?: NeuronModel): StateDocument {
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    rig,
    savedAt: new Date().toISOString(),
    network: networkToJson(network),
    corpus: corpusToJson(corpus),
    ...(lessons ? { lessons } : {}),
    ...(neuronModel ? { neurons: { model: neuronModel } } : {}),
  };
}

/** Checks a parsed state document; the error names the file and the field. */
export function parseStateDocument(data: unknown, source: string): ExhibitSnapshot {
  const doc = data as Partial<StateDocument> | null;
  if (typeof doc !== 'object' || doc === null || doc.format !== STATE_FORMAT) {
    throw new NbError('NB_ERR_FILE_CORRUPT', `${source}: not a neuroboard state file (format must be "${STATE_FORMAT}")`, {
      field: 'format',
    });
  }
  if (doc.version !== STATE_VERSION) {
    throw new NbError(
      'NB_ERR_UNSUPPORTED_VERSION',
      `${source}: state version ${String(doc.version)} is not one this neuroboard reads (${STATE_VERSION}); upgrade neuroboard`,
      { field: 'version' },
    );
  }
  const network = within(source, 'network', () => networkFromJson(doc.network));
  const corpus = within(source, 'corpus', () => corpusFromJson(doc.corpus));
  const lessons = within(source, 'lessons', () => parseLessons(doc.lessons, corpus.size, network.sizes));
  const neuronModel = within(source, 'neurons', () => parseNeurons(doc.neurons));
  return { rig: String(doc.rig), network, corpus, lessons, ...(neuronModel ? { neuronModel } : {}) };
}

/** The saved model, or undefined when the file has none. */
function parseNeurons(neurons: unknown): NeuronModel | undefined {
  if (neurons === undefined) return undefined;
  const model = (neurons as { model?: unknown } | null)?.model;
  if (model !== 'sigmoid' && model !== 'spiking') {
    throw new NbError('NB_ERR_FILE_CORRUPT', `model must be "sigmoid" or "spiking", got ${JSON.stringify(model)}`, { field: 'model' });
  }
  return model;
}

/** Runs `parse`, re-throwing its error with the file and the enclosing field in front. */
function within<T>(source: string, field: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    const inner = err instanceof NbError ? err : null;
    throw new NbError(inner?.code ?? 'NB_ERR_FILE_CORRUPT', `${source}: ${field}: ${(err as Error).message}`, {
      field: inner?.field ? `${field}.${inner.field}` : field,
      cause: err,
    });
  }
}

/** The saved network when there is one (it must have the rig's shape), else the rig's seeded first guess. */
export function startingNetwork(rig: ResolvedRig, saved: ExhibitSnapshot | null | undefined): Network {
  const { layers, seed, activation, threshold } = rig.network;
  const network = saved?.network ?? createNetwork({ sizes: layers, seed, activation, threshold });
  if (network.sizes.join('-') !== layers.join('-')) {
    throw new NbError(
      'NB_ERR_DIMENSION_MISMATCH',
      `the saved network is ${network.sizes.join('-')} but rig "${rig.name}" says ${layers.join('-')}; ` +
        'move the state file aside to start fresh with the new shape',
    );
  }
  return network;
}
