/**
 * Reads and validates a rig file (through the host's ExhibitFiles), and the story it names. A wrong
 * rig is one NbError (NB_ERR_INVALID_RIG) that lists every problem with the file, the field and what
 * to do, so it can be fixed in one go.
 */
import { Check as schemaCheck, Errors as schemaErrorList } from 'typebox/schema';
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { NbError } from '../../core/errors.js';
import { describeSchemaErrors, problemSentence } from '../../core/schemaErrors.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import { fileName, type ExhibitFiles, type FileRef } from '../../platform/exhibitFiles.js';
import { readStory, storyRef, type LoadedStory } from '../story/load.js';
import { rigSchemaFor, type Rig } from './schema.js';
import { checkRig, resolveRig, rigWarnings, type ProfileLimits, type ResolvedRig, type RigProblem } from './validate.js';
import { rigLanguages, rigTranslationProblems } from './words.js';

export interface LoadedRig {
  rig: ResolvedRig;
  /** The file it came from (the Node host: its path; corpus and story files are found from it). */
  path: FileRef;
  /** Things that are allowed but probably unintended (an input node with no button, …). */
  warnings: string[];
  /** The story the rig names (its `story` field), checked against the rig; null when it has none. */
  story: LoadedStory | null;
}

/** What a rig may name as a board's profile, from the board catalogue: its board types, in its order. */
export function profileLimits(catalogue: BoardCatalogue): Record<string, ProfileLimits> {
  return Object.fromEntries(catalogue.boardTypes.map((type) => [type, { maxChannels: catalogue.get(type).channels.max }]));
}

/** Validates an already-parsed rig against the board types in `profiles`; `source` names it in messages. */
export function validateRig(data: unknown, source: string, profiles: Record<string, ProfileLimits>): LoadedRig {
  const schema = rigSchemaFor(Object.keys(profiles));
  if (!schemaCheck(schema, data)) {
    // One line per wrong field, saying what is allowed (core/schemaErrors.ts, shared with the API and scenarios).
    const problems: RigProblem[] = describeSchemaErrors(schemaErrorList(schema, data)[1], schema, data)
      .slice(0, 12)
      .map((p) => ({ field: p.path || '/', message: p.unknown ? problemSentence(p) : p.message }));
    throw rigError(source, problems);
  }
  const rig = data as Rig;
  const words = rigTranslationProblems(rig);
  const problems = [...checkRig(rig, profiles), ...words.errors];
  if (problems.length > 0) throw rigError(source, problems);
  const untranslated = words.warnings.map((w) => `${fileName(source)} ${w.field}: ${w.message}`);
  return { rig: resolveRig(rig), path: source, warnings: [...rigWarnings(rig), ...untranslated], story: null };
}

/** Reads the rig `ref`, checks it against the board types in `profiles`, and reads the story it names. */
export async function readRig(files: ExhibitFiles, ref: FileRef, profiles: Record<string, ProfileLimits>): Promise<LoadedRig> {
  const data = parseJsonFile(await files.read(ref, 'rig'), ref, 'NB_ERR_INVALID_RIG');
  const loaded = validateRig(data, ref, profiles);
  return { ...loaded, story: await readRigStory(files, loaded) };
}

/** The story a validated rig names, read and checked against it (null when it names none). */
export async function readRigStory(files: ExhibitFiles, loaded: Pick<LoadedRig, 'rig' | 'path'>): Promise<LoadedStory | null> {
  const ref = loaded.rig.story;
  if (ref === undefined) return null;
  const story = await storyRef(files, ref, loaded.path);
  try {
    return await readStory(files, story, { ...loaded.rig, languages: rigLanguages(loaded.rig) });
  } catch (err) {
    if (err instanceof NbError && err.code === 'NB_ERR_IO') {
      throw new NbError('NB_ERR_IO', `${loaded.path}: /story: ${err.message} (a story in boards/stories/ by name, or a path relative to the rig, inside its folder)`, {
        field: '/story',
        cause: err,
      });
    }
    throw err;
  }
}

function rigError(source: string, problems: RigProblem[]): NbError {
  // "unknown field cascade.stepDelay; did you mean stepDelayMs?" names its field already.
  const lines = problems.map((p) => (p.message.startsWith(`unknown field ${p.field}`) ? `  ${p.message}` : `  ${p.field}: ${p.message}`));
  const first = problems[0];
  return new NbError(
    'NB_ERR_INVALID_RIG',
    `${fileName(source)} is not a valid rig (${source}):\n${lines.join('\n')}\n` +
      `Fix those fields (the schema is boards/rig.schema.json; \`neuroboard check ${source}\` re-checks it).`,
    first ? { field: first.field } : {},
  );
}
