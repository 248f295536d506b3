/**
 * What `neuroboard check` knows how to check: rig, network, corpus (JSON or CSV), state, story and scenario
 * (JSON or YAML) files, told apart by their "format" field, a scenario by its shape (a "rig" and
 * "steps"; its format field is optional), or, when the JSON is too broken to read it, by their name.
 * Each result says what is wrong and where: the file, the field, and the line and column.
 */
import { basename } from 'node:path';
import { corpusFromCsv } from '../core/corpusCsv.js';
import { corpusFromJson } from '../core/corpusJson.js';
import { assertCorpusReachable } from '../core/corpus.js';
import { isNbError, NbError, type ErrorCode } from '../core/errors.js';
import { networkFromJson } from '../core/networkJson.js';
import { CORPUS_FILE_MAX_BYTES, DATA_FILE_MAX_BYTES, fileTooBig, readDataFile } from '../hosts/node/dataFile.js';
import { parseJsonFile } from '../core/jsonSyntax.js';
import { parseStateDocument, STATE_FORMAT } from '../runtime/exhibitState.js';
import type { ProfileLimits } from '../runtime/rig/validate.js';
import { fieldSegments, locateJson } from './jsonLocate.js';

export type FileKind = 'rig' | 'network' | 'corpus' | 'state' | 'scenario' | 'story';

const FORMATS: Record<string, FileKind> = {
  'neuroboard.rig': 'rig',
  'neuroboard.network': 'network',
  'neuroboard.corpus': 'corpus',
  [STATE_FORMAT]: 'state',
  'neuroboard.scenario': 'scenario',
  'neuroboard.story': 'story',
};

const CODE_OF_KIND: Record<FileKind, ErrorCode> = {
  rig: 'NB_ERR_INVALID_RIG',
  network: 'NB_ERR_INVALID_NETWORK',
  corpus: 'NB_ERR_INVALID_CORPUS',
  state: 'NB_ERR_FILE_CORRUPT',
  scenario: 'NB_ERR_INVALID_SCENARIO',
  story: 'NB_ERR_INVALID_STORY',
};

/** What each kind may weigh, as its loader reads it (dataFile.ts). */
const KIND_MAX_BYTES: Record<FileKind, number> = {
  rig: DATA_FILE_MAX_BYTES,
  story: DATA_FILE_MAX_BYTES,
  scenario: DATA_FILE_MAX_BYTES,
  network: CORPUS_FILE_MAX_BYTES,
  corpus: CORPUS_FILE_MAX_BYTES,
  state: CORPUS_FILE_MAX_BYTES,
};

export type CheckResult =
  | { file: string; kind: FileKind; ok: true; summary: string; warnings: string[] }
  | {
      file: string;
      kind: FileKind | null;
      ok: false;
      code: ErrorCode;
      exitCode: number;
      message: string;
      field?: string;
      line?: number;
      column?: number;
    };

/** The kind a file's name suggests (xor.json under rigs/, foo.network.json, …), for when its content cannot say. */
export function kindFromName(path: string): FileKind | null {
  const name = basename(path).toLowerCase();
  if (name.endsWith('.csv')) return 'corpus';
  if (/\.ya?ml$/.test(name)) return 'scenario';
  const m = /\.(rig|network|corpus|state|story)\.json(\.prev)?$/.exec(name);
  if (m) return m[1] as FileKind;
  if (/(^|[\\/])rigs[\\/][^\\/]+\.json$/i.test(path)) return 'rig';
  if (/(^|[\\/])scenarios[\\/][^\\/]+\.json$/i.test(path)) return 'scenario';
  if (/(^|[\\/])stories[\\/][^\\/]+\.json$/i.test(path)) return 'story';
  return null;
}

/**
 * Checks one file. `profiles` is asked for only when the file is a rig, so checking a CSV or a
 * network does not load the rig schema (the slow part of starting the CLI).
 */
export async function checkFile(file: string, profiles: () => Promise<Record<string, ProfileLimits>>): Promise<CheckResult> {
  let text: string;
  try {
    // The largest any kind may be; rigs, stories and scenarios are held to their own limit below.
    text = await readDataFile(file, 'neuroboard', CORPUS_FILE_MAX_BYTES);
  } catch (err) {
    // A file that cannot be read is exit 74 (README's table), as from every other command.
    return failure(file, kindFromName(file), err);
  }

  // YAML is only ever a scenario; the scenario loader parses it and names the line and column.
  if (/\.ya?ml$/i.test(file)) return checkScenario(file, text);

  if (/\.csv$/i.test(file)) {
    try {
      const corpus = corpusFromCsv(text);
      return ok(file, 'corpus', `corpus of ${corpus.size} examples, ${corpus.inputSize} in → ${corpus.outputSize} out`);
    } catch (err) {
      return failure(file, 'corpus', err);
    }
  }

  let data: unknown;
  const guessed = kindFromName(file);
  try {
    data = parseJsonFile(text, file, guessed ? CODE_OF_KIND[guessed] : 'NB_ERR_FILE_CORRUPT');
  } catch (err) {
    const at = /line (\d+), column (\d+)/.exec((err as Error).message);
    return failure(file, guessed, err, at ? { line: Number(at[1]), column: Number(at[2]) } : undefined);
  }
  const format = typeof data === 'object' && data !== null ? (data as { format?: unknown }).format : undefined;
  const kind = (typeof format === 'string' ? FORMATS[format] : undefined) ?? (looksLikeScenario(data) ? 'scenario' : guessed);
  if (!kind) {
    return failure(
      file,
      null,
      new NbError(
        'NB_ERR_INVALID_ARGUMENT',
        `not a neuroboard file: "format" is ${format === undefined ? 'missing' : JSON.stringify(format)}; ` +
          `check reads ${Object.keys(FORMATS).join(', ')} (JSON), corpus .csv files and scenarios (JSON or YAML, with "rig" and "steps")`,
        { field: 'format' },
      ),
      locateJson(text, ['format']),
    );
  }

  const limit = KIND_MAX_BYTES[kind];
  if (Buffer.byteLength(text) > limit) {
    return failure(file, kind, fileTooBig(file, kind, Buffer.byteLength(text), limit));
  }
  try {
    switch (kind) {
      case 'rig': {
        const { validateRig } = await import('../runtime/rig/load.js');
        const { loadRigCorpus, loadRigStory } = await import('../hosts/node/exhibitFiles.js');
        const loaded = validateRig(data, file, await profiles());
        const corpus = await loadRigCorpus(loaded.rig, file);
        const story = await loadRigStory(loaded);
        const { rig } = loaded;
        return ok(
          file,
          'rig',
          `rig "${rig.name}": network ${rig.network.layers.join('-')}, ${rig.boards.length} boards, corpus of ${corpus.size} examples` +
            (story ? `, story "${story.story.name}" (${story.story.acts.length} acts)` : ''),
          loaded.warnings,
        );
      }
      case 'network': {
        const net = networkFromJson(data);
        return ok(file, 'network', `network ${net.sizes.join('-')}`);
      }
      case 'corpus': {
        const corpus = corpusFromJson(data);
        return ok(file, 'corpus', `corpus of ${corpus.size} examples, ${corpus.inputSize} in → ${corpus.outputSize} out`);
      }
      case 'scenario':
        return await checkScenario(file, text);
      case 'story': {
        const { checkStoryFile } = await import('./storyCheck.js');
        return ok(file, 'story', await checkStoryFile(data, file));
      }
      case 'state': {
        const state = parseStateDocument(data, file);
        // A target the saved network's output cannot give would keep it training for ever.
        const output = state.network.layers[state.network.layers.length - 1]!.activation;
        try {
          assertCorpusReachable(state.corpus, output);
        } catch (err) {
          const e = err as NbError;
          throw new NbError(e.code, `${file}: corpus.${e.message}`, { ...(e.field ? { field: `corpus.${e.field}` } : {}), cause: err });
        }
        return ok(file, 'state', `saved state of rig "${state.rig}": network ${state.network.sizes.join('-')}, corpus of ${state.corpus.size} examples`);
      }
    }
  } catch (err) {
    const segments = isNbError(err) && err.field ? fieldSegments(err.field) : null;
    return failure(file, kind, err, segments ? locateJson(text, segments) : undefined);
  }
}

/** A scenario says which rig it runs and what steps; its "format" field is optional. */
function looksLikeScenario(data: unknown): boolean {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return typeof d['rig'] === 'string' && Array.isArray(d['steps']);
}

/** Loads it as `neuroboard test` would: schema, rig, and every step against the rig. */
async function checkScenario(file: string, text: string): Promise<CheckResult> {
  const { loadScenario } = await import('../scenario/load.js');
  try {
    const loaded = await loadScenario(file);
    return ok(file, 'scenario', `scenario "${loaded.name}": ${loaded.steps.length} steps on rig "${loaded.rig.rig.name}"`, loaded.rig.warnings);
  } catch (err) {
    const segments = isNbError(err) && err.field && !/\.ya?ml$/i.test(file) ? fieldSegments(err.field) : null;
    return failure(file, 'scenario', err, segments ? locateJson(text, segments) : undefined);
  }
}

function ok(file: string, kind: FileKind, summary: string, warnings: string[] = []): CheckResult {
  return { file, kind, ok: true, summary, warnings };
}

function failure(file: string, kind: FileKind | null, err: unknown, at?: { line: number; column: number }): CheckResult {
  if (!isNbError(err)) throw err; // a bug of ours, not a problem with the file
  // A CSV error names its own line and column ("line 3, column 2").
  const own = /line (\d+)(?:, column (\d+))?/.exec(err.field ?? '');
  const where = at ?? (own ? { line: Number(own[1]), ...(own[2] ? { column: Number(own[2]) } : {}) } : {});
  return {
    file,
    kind,
    ok: false,
    code: err.code,
    exitCode: err.exitCode,
    message: err.message,
    ...(err.field ? { field: err.field } : {}),
    ...where,
  };
}
