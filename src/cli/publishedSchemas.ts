/** The JSON Schemas published under boards/, keyed by file name, each with its $id and title. */
import { BoardProfileSchema } from '../catalogue/schema.js';
import { shippedCatalogue } from '../hosts/node/boardFiles.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { rigSchemaFor } from '../runtime/rig/schema.js';
import { StorySchema } from '../runtime/story/schema.js';

export function publishedSchemas(): Record<string, object> {
  return {
    'profile.schema.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://neuroboard.local/schema/profile.schema.json',
      title: 'neuroboard board profile',
      description:
        'One kind of Arduino board (a file per kind in boards/profiles/, together the board catalogue): how it shows up on USB, its chip and signature, its bootloader, which pins carry each channel\'s LED and button, and the firmware built for it. Data only; the simulator, the flasher, port listing and rig checks read it.',
      ...JSON.parse(JSON.stringify(BoardProfileSchema)),
    },
    'rig.schema.json': {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://neuroboard.local/schema/rig.schema.json',
      title: 'neuroboard rig',
      description: 'Which board and channel is which node of the network, the network shape, the corpus and the cascade timing.',
      // A rig names a board type of the catalogue: adding a board file means `npm run schemas` again.
      ...JSON.parse(JSON.stringify(rigSchemaFor(shippedCatalogue().boardTypes))),
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
