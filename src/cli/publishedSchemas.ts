/** The JSON Schemas published under boards/, keyed by file name, each with its $id and title. */
import { ScenarioSchema } from '../scenario/schema.js';
import { RigSchema } from '../runtime/rig/schema.js';
import { StorySchema } from '../runtime/story/schema.js';

export function publishedSchemas(): Record<string, object> {
  return {
    'rig.schema.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://neuroboard.local/schema/rig.schema.json',
      title: 'neuroboard rig',
      description: 'Which board and channel is which node of the network, the network shape, the corpus and the cascade timing.',
      ...JSON.parse(JSON.stringify(RigSchema)),
    },
    'scenario.schema.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://neuroboard.local/schema/scenario.schema.json',
      title: 'neuroboard scenario',
      description: 'A rig and the steps `neuroboard test` runs against it on simulated boards: buttons, waits, LED and output expectations, training, cables, raw protocol lines.',
      ...JSON.parse(JSON.stringify(ScenarioSchema)),
    },
    'story.schema.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://neuroboard.local/schema/story.schema.json',
      title: 'neuroboard story',
      description: 'The story an exhibit plays by itself while nobody is there: acts of learn, show, hold and invite scenes (docs/stories.md).',
      ...JSON.parse(JSON.stringify(StorySchema)),
    },
  };
}
