/**
 * Loads and checks a story file: its schema (one line per wrong field, from the shared formatter),
 * then what only the rig can say (corpus sizes, which method fits which network). A wrong story is
 * one NbError (NB_ERR_INVALID_STORY) naming the file and every wrong field, so it is fixed in one go.
 */
import Type from 'typebox';
import { Check as schemaCheck, Errors as schemaErrorList } from 'typebox/schema';
import { CLASSIC_CORPUS_NAMES, classicCorpus, type ClassicCorpusName } from '../../core/corpora.js';
import { NbError } from '../../core/errors.js';
import { describeSchemaErrors } from '../../core/schemaErrors.js';
import { BUILT_IN_NAME, fileName, type ExhibitFiles, type FileRef } from '../../platform/exhibitFiles.js';
import { parseJsonFile } from '../../core/jsonSyntax.js';
import { SCENE_KINDS, SceneSchemas, StorySchema, type Story } from './schema.js';
import { storyTextProblems, type PageStrings } from './words.js';

export interface LoadedStory {
  story: Story;
  /** The file it came from (the Node host: its absolute path). */
  path: FileRef;
  /** What is allowed but probably not meant: a caption missing a language visitors may read (file, field, language). */
  warnings?: string[];
}

/** What the checks need to know of the rig the story plays on. */
export interface StoryRig {
  name: string;
  network: { layers: readonly number[] };
  /** The rig's default language (default en): plain captions are in it. */
  language?: string | undefined;
  /** The languages the rig is written in (its default first), which its story's words should be in too. */
  languages?: readonly string[];
}

interface Problem {
  field: string;
  message: string;
}

// Scenes are checked one by one against their own kind: a union's errors would say nothing useful.
const ActTop = Type.Object({ ...StorySchema.properties.acts.items.properties, scenes: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
const StoryTop = Type.Object({ ...StorySchema.properties, acts: Type.Array(ActTop, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false });

/**
 * The file a rig's `story` names: a story shipped with neuroboard by name, or a path relative to the
 * rig, which the host holds to its rules (the Node host: inside the rig's folder or boards/).
 */
export async function storyRef(files: ExhibitFiles, ref: string, rigRef: FileRef): Promise<FileRef> {
  if (BUILT_IN_NAME.test(ref)) return files.builtIn('story', ref);
  return files.named(rigRef, ref, '/story', { what: 'rig', code: 'NB_ERR_INVALID_RIG' });
}

/** Reads and checks the story `ref` (against `rig` when given, its keys against the page's strings when the host has them). */
export async function readStory(files: ExhibitFiles, ref: FileRef, rig?: StoryRig): Promise<LoadedStory> {
  const data = parseJsonFile(await files.read(ref, 'story'), ref, 'NB_ERR_INVALID_STORY');
  const page = files.pageStrings ? await files.pageStrings() : undefined;
  const story = validateStory(data, ref, rig, page);
  return { story, path: ref, warnings: storyWarnings(story, ref, rig, page) };
}

/**
 * Checks a parsed story (and, given one, against its rig; given the page's strings, that each caption
 * key is one of them); `source` names it in messages.
 */
export function validateStory(data: unknown, source: string, rig?: StoryRig, page?: PageStrings): Story {
  const problems = schemaProblems(StoryTop, data, '');
  if (problems.length === 0) {
    (data as { acts: { scenes: unknown[] }[] }).acts.forEach((act, a) =>
      act.scenes.forEach((scene, s) => problems.push(...sceneProblems(scene, `/acts/${a}/scenes/${s}`))),
    );
  }
  if (problems.length === 0 && rig) problems.push(...rigProblems(data as Story, rig));
  if (problems.length === 0) problems.push(...storyWordProblems(data as Story, rig, page).errors);
  if (problems.length > 0) throw storyError(source, problems);
  return data as Story;
}

/** Each caption or title missing a language visitors may read: "my-story.json /acts/0/title: no "de" text: …". */
export function storyWarnings(story: Story, source: string, rig?: StoryRig, page?: PageStrings): string[] {
  return storyWordProblems(story, rig, page).warnings.map((w) => `${fileName(source)} ${w.field}: ${w.message}`);
}

function storyWordProblems(story: Story, rig: StoryRig | undefined, page: PageStrings | undefined) {
  const language = rig?.language ?? 'en';
  return storyTextProblems(story, language, rig?.languages ?? [language], page);
}

function schemaProblems(schema: Type.TSchema, data: unknown, prefix: string): Problem[] {
  if (schemaCheck(schema, data)) return [];
  return describeSchemaErrors(schemaErrorList(schema, data)[1], schema, data)
    .slice(0, 12)
    .map((p) => {
      const path = p.path ? `${prefix}/${p.path.replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}` : prefix || '/';
      return { field: path, message: p.unknown ? `unknown field${p.suggestion ? `; did you mean ${p.suggestion}?` : ''}` : p.message };
    });
}

function sceneProblems(scene: unknown, at: string): Problem[] {
  const kinds = typeof scene === 'object' && scene !== null ? SCENE_KINDS.filter((k) => k in scene) : [];
  if (kinds.length !== 1) {
    const what = kinds.length === 0 ? 'has none' : `has ${kinds.join(' and ')}`;
    return [{ field: at, message: `a scene is one of ${SCENE_KINDS.join(', ')} (with a caption); this one ${what}` }];
  }
  return schemaProblems(SceneSchemas[kinds[0]!], scene, at);
}

function rigProblems(story: Story, rig: StoryRig): Problem[] {
  const problems: Problem[] = [];
  const layers = rig.network.layers;
  if (story.rig !== undefined && story.rig !== rig.name) {
    problems.push({ field: '/rig', message: `this story is written for rig "${story.rig}", not "${rig.name}"` });
  }
  const ids = new Set<string>();
  story.acts.forEach((act, a) => {
    if (ids.has(act.id)) problems.push({ field: `/acts/${a}/id`, message: `act id "${act.id}" is used twice; give each act its own` });
    ids.add(act.id);
    act.scenes.forEach((scene, s) => {
      if (!('learn' in scene)) return;
      const at = `/acts/${a}/scenes/${s}/learn`;
      const { corpus, method } = scene.learn;
      if (corpus !== 'rig') {
        if (!(CLASSIC_CORPUS_NAMES as readonly string[]).includes(corpus)) {
          problems.push({ field: `${at}/corpus`, message: `must be "rig" or a built-in corpus (${CLASSIC_CORPUS_NAMES.join(', ')}), not "${corpus}"` });
        } else {
          const c = classicCorpus(corpus as ClassicCorpusName);
          if (c.inputSize !== layers[0] || c.outputSize !== layers[layers.length - 1]) {
            problems.push({
              field: `${at}/corpus`,
              message: `"${corpus}" has ${c.inputSize} inputs and ${c.outputSize} outputs, but rig "${rig.name}" is ${layers.join('-')}`,
            });
          }
        }
      }
      if (act.network === 'no-hidden' && method !== 'perceptron') {
        problems.push({ field: `${at}/method`, message: `a "no-hidden" act learns with the perceptron rule, not ${method}` });
      }
      if (act.network === 'rig' && method === 'perceptron' && layers.length !== 2) {
        problems.push({
          field: `${at}/method`,
          message: `the perceptron rule trains a network with no hidden layer, and rig "${rig.name}" has one: use it in a "no-hidden" act, or trial-and-error`,
        });
      }
    });
  });
  return problems;
}

function storyError(source: string, problems: Problem[]): NbError {
  const lines = problems.map((p) => `  ${p.field}: ${p.message}`);
  return new NbError(
    'NB_ERR_INVALID_STORY',
    `${fileName(source)} is not a valid story (${source}):\n${lines.join('\n')}\n` +
      `Fix those fields (the schema is boards/story.schema.json; docs/stories.md explains them; \`neuroboard check ${source}\` re-checks it).`,
    { field: problems[0]!.field },
  );
}
