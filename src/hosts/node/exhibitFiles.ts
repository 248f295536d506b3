/**
 * The files an exhibit is built from, on Node (src/platform/exhibitFiles.ts): read from disk with the
 * care of dataFile.ts (regular files only, a size cap per kind, a file named by another held to the
 * naming file's folder or the package's boards/), and the shipped ones found in boards/. With them,
 * the runtime's rig, story and corpus readers by path, as the CLI, the scenario runner and the tests
 * call them.
 */
import { dirname, join, resolve } from 'node:path';
import type { Corpus } from '../../core/corpus.js';
import type { ExhibitFileKind, ExhibitFiles } from '../../platform/exhibitFiles.js';
import { readRigCorpus } from '../../runtime/rig/corpusSource.js';
import { profileLimits, readRig, readRigStory, type LoadedRig } from '../../runtime/rig/load.js';
import type { ProfileLimits, ResolvedRig } from '../../runtime/rig/validate.js';
import { readStory, storyRef, type LoadedStory, type StoryRig } from '../../runtime/story/load.js';
import { loadCatalogue, shippedCatalogue } from './boardFiles.js';
import { CORPUS_FILE_MAX_BYTES, DATA_FILE_MAX_BYTES, readDataFile, resolveNamedFile } from './dataFile.js';
import { BOARDS_DIR, PROFILES_DIR } from './paths.js';

const MAX_BYTES: Record<ExhibitFileKind, number> = { rig: DATA_FILE_MAX_BYTES, story: DATA_FILE_MAX_BYTES, corpus: CORPUS_FILE_MAX_BYTES };

/** Rigs, stories and corpora on this machine: a ref is a path (as typed, or absolute once resolved). */
export const nodeExhibitFiles: ExhibitFiles = {
  read: (ref, kind) => readDataFile(ref, kind, MAX_BYTES[kind]),
  named: (from, path, field, namer) =>
    resolveNamedFile({ ref: path, namingFile: from, field, namer: namer.what, root: dirname(resolve(from)), rootSays: `the ${namer.what}'s folder`, code: namer.code }),
  builtIn: (kind, name) => join(BOARDS_DIR, `${kind === 'rig' ? 'rigs' : 'stories'}`, `${name}.json`),
};

/** What a rig may name as a board's profile: the shipped catalogue's board types, or those in `dir`. */
export async function loadProfileLimits(dir = PROFILES_DIR): Promise<Record<string, ProfileLimits>> {
  return profileLimits(dir === PROFILES_DIR ? shippedCatalogue() : loadCatalogue(dir));
}

/** Reads and checks the rig file at `path` (against the shipped board types unless `profiles` says), and its story. */
export async function loadRig(path: string, profiles?: Record<string, ProfileLimits>): Promise<LoadedRig> {
  return readRig(nodeExhibitFiles, path, profiles ?? (await loadProfileLimits()));
}

/** The story a validated rig names (null when it names none). */
export function loadRigStory(loaded: Pick<LoadedRig, 'rig' | 'path'>): Promise<LoadedStory | null> {
  return readRigStory(nodeExhibitFiles, loaded);
}

/** The corpus a rig names, its files found from the rig file at `rigPath`. */
export function loadRigCorpus(rig: ResolvedRig, rigPath: string): Promise<Corpus> {
  return readRigCorpus(nodeExhibitFiles, rig, rigPath);
}

/** The file a rig's `story` names, as a path. */
export function storyPath(ref: string, rigPath: string): Promise<string> {
  return storyRef(nodeExhibitFiles, ref, rigPath);
}

/** Reads and checks the story file at `path` (against `rig` when given). */
export async function loadStory(path: string, rig?: StoryRig): Promise<LoadedStory> {
  const loaded = await readStory(nodeExhibitFiles, path, rig);
  return { ...loaded, path: resolve(path) };
}
