/** `neuroboard check my-story.json`: the story's schema, and its rig's sizes when the rig it names ships here. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_NAME } from '../platform/exhibitFiles.js';
import { BOARDS_DIR } from '../hosts/node/paths.js';
import { loadRig } from '../hosts/node/exhibitFiles.js';
import { validateStory } from '../runtime/story/load.js';
import { sceneKind } from '../runtime/story/schema.js';

/** Checks a parsed story file; returns the one-line summary, throws NB_ERR_INVALID_STORY naming the fields. */
export async function checkStoryFile(data: unknown, file: string): Promise<string> {
  let story = validateStory(data, file);
  let against = '';
  // A story's rig is a name, never a path: only a shipped rig of that name is read.
  const rigFile = story.rig === undefined || !BUILT_IN_NAME.test(story.rig) ? null : join(BOARDS_DIR, 'rigs', `${story.rig}.json`);
  if (rigFile && existsSync(rigFile)) {
    const { rig } = await loadRig(rigFile);
    story = validateStory(data, file, rig);
    against = ` (checked against rig "${rig.name}")`;
  }
  const scenes = story.acts.reduce((n, act) => n + act.scenes.length, 0);
  const learns = story.acts.flatMap((act) => act.scenes.filter((s) => sceneKind(s) === 'learn')).length;
  return `story "${story.name}": ${story.acts.length} acts, ${scenes} scenes (${learns} learn)${against}`;
}
