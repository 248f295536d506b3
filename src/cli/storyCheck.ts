/** `neuroboard check my-story.json`: the story's schema, and its rig's sizes when the rig it names ships here. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_NAME } from '../platform/exhibitFiles.js';
import { BOARDS_DIR } from '../hosts/node/paths.js';
import { loadPageStrings, loadRig } from '../hosts/node/exhibitFiles.js';
import { rigLanguages } from '../runtime/rig/words.js';
import { storyWarnings, validateStory, type StoryRig } from '../runtime/story/load.js';
import { sceneKind } from '../runtime/story/schema.js';

/**
 * Checks a parsed story file (its caption keys against the visitor page's strings); returns the
 * one-line summary and its warnings, throws NB_ERR_INVALID_STORY naming the fields.
 */
export async function checkStoryFile(data: unknown, file: string): Promise<{ summary: string; warnings: string[] }> {
  const page = await loadPageStrings();
  let story = validateStory(data, file, undefined, page);
  let against = '';
  let storyRig: StoryRig | undefined;
  // A story's rig is a name, never a path: only a shipped rig of that name is read.
  const rigFile = story.rig === undefined || !BUILT_IN_NAME.test(story.rig) ? null : join(BOARDS_DIR, 'rigs', `${story.rig}.json`);
  if (rigFile && existsSync(rigFile)) {
    const { rig } = await loadRig(rigFile);
    storyRig = { ...rig, languages: rigLanguages(rig) };
    story = validateStory(data, file, storyRig, page);
    against = ` (checked against rig "${rig.name}")`;
  }
  const scenes = story.acts.reduce((n, act) => n + act.scenes.length, 0);
  const learns = story.acts.flatMap((act) => act.scenes.filter((s) => sceneKind(s) === 'learn')).length;
  return {
    summary: `story "${story.name}": ${story.acts.length} acts, ${scenes} scenes (${learns} learn)${against}`,
    warnings: storyWarnings(story, file, storyRig, page),
  };
}
