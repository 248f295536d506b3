/**
 * Loads and validates a rig file. A wrong rig is one NbError (NB_ERR_INVALID_RIG) that lists every
 * problem with the file, the field and what to do, so it can be fixed in one go.
 */
import { basename } from 'node:path';
import Value from 'typebox/value';
import type { BoardCatalogue } from '../../catalogue/boardCatalogue.js';
import { NbError } from '../../core/errors.js';
import { describeSchemaErrors, problemSentence } from '../../core/schemaErrors.js';
import { readJsonFile } from '../../hosts/node/jsonFile.js';
import { loadCatalogue, shippedCatalogue } from '../../hosts/node/boardFiles.js';
import { PROFILES_DIR } from '../../hosts/node/paths.js';
import { loadStory, storyPath, type LoadedStory } from '../story/load.js';
import { rigSchemaFor, type Rig } from './schema.js';
import { checkRig, resolveRig, rigWarnings, type ProfileLimits, type ResolvedRig, type RigProblem } from './validate.js';

export interface LoadedRig {
  rig: ResolvedRig;
  /** Absolute path of the file it came from (corpus files are resolved next to it). */
  path: string;
  /** Things that are allowed but probably unintended (an input node with no button, …). */
  warnings: string[];
  /** The story the rig names (its `story` field), checked against the rig; null when it has none. */
  story: LoadedStory | null;
}

/** What a rig may name as a board's profile, from the board catalogue: its board types, in its order. */
export function profileLimits(catalogue: BoardCatalogue): Record<string, ProfileLimits> {
  return Object.fromEntries(catalogue.boardTypes.map((type) => [type, { maxChannels: catalogue.get(type).channels.max }]));
}

export async function loadProfileLimits(dir = PROFILES_DIR): Promise<Record<string, ProfileLimits>> {
  return profileLimits(dir === PROFILES_DIR ? shippedCatalogue() : loadCatalogue(dir));
}

/** Validates an already-parsed rig against the board types in `profiles`; `source` names it in messages. */
export function validateRig(data: unknown, source: string, profiles: Record<string, ProfileLimits>): LoadedRig {
  const schema = rigSchemaFor(Object.keys(profiles));
  if (!Value.Check(schema, data)) {
    // One line per wrong field, saying what is allowed (core/schemaErrors.ts, shared with the API and scenarios).
    const problems: RigProblem[] = describeSchemaErrors(Value.Errors(schema, data), schema, data)
      .slice(0, 12)
      .map((p) => ({ field: p.path || '/', message: p.unknown ? problemSentence(p) : p.message }));
    throw rigError(source, problems);
  }
  const rig = data as Rig;
  const problems = checkRig(rig, profiles);
  if (problems.length > 0) throw rigError(source, problems);
  return { rig: resolveRig(rig), path: source, warnings: rigWarnings(rig), story: null };
}

export async function loadRig(path: string, profiles?: Record<string, ProfileLimits>): Promise<LoadedRig> {
  const data = await readJsonFile(path, 'NB_ERR_INVALID_RIG', 'rig');
  const loaded = validateRig(data, path, profiles ?? (await loadProfileLimits()));
  return { ...loaded, story: await loadRigStory(loaded) };
}

/** The story a validated rig names, loaded and checked against it (null when it names none). */
export async function loadRigStory(loaded: Pick<LoadedRig, 'rig' | 'path'>): Promise<LoadedStory | null> {
  const ref = loaded.rig.story;
  if (ref === undefined) return null;
  const path = await storyPath(ref, loaded.path);
  try {
    return await loadStory(path, loaded.rig);
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
    `${basename(source)} is not a valid rig (${source}):\n${lines.join('\n')}\n` +
      `Fix those fields (the schema is boards/rig.schema.json; \`neuroboard check ${source}\` re-checks it).`,
    first ? { field: first.field } : {},
  );
}
