/**
 * The story file (boards/stories/<name>.json): the acts an exhibit plays by itself, as data. One
 * TypeBox schema gives the TypeScript type, the runtime check and boards/story.schema.json
 * (regenerate with `npm run schemas`). docs/stories.md explains the format.
 */
import Type from 'typebox';
import { textSchema } from '../exhibitText.js';

export const STORY_FORMAT = 'neuroboard.story';
export const STORY_VERSION = 1;

/**
 * What visitors read: a key of the visitor page's strings (dashboard/exhibit/i18n/<language>.json),
 * dotted words with no space (story.oneNeuron.learnAnd), or the story's own text, plain (in the rig's
 * default language) or one string per language (exhibitText.ts).
 */
const Caption = textSchema({
  minLength: 1,
  maxLength: 300,
  pattern: '\\S',
  description: "What visitors read, 1 to 300 characters: a key of the visitor page's strings (story.oneNeuron.learnAnd), or the text itself.",
});
const ActTitle = textSchema({
  minLength: 1,
  maxLength: 80,
  pattern: '\\S',
  description: "The act's title, 1 to 80 characters: a key of the visitor page's strings (story.oneNeuron.title), or the text itself.",
});
const Ms = (description: string) => Type.Integer({ minimum: 0, maximum: 3_600_000, description });

export const LearnSceneSchema = Type.Object(
  {
    learn: Type.Object(
      {
        corpus: Type.String({
          minLength: 1,
          description: 'What it learns: "rig" (the rig\'s own corpus) or a built-in corpus (and, or, xor, majority3, seven-segment, lines-3x3).',
        }),
        method: Type.Union([Type.Literal('perceptron'), Type.Literal('trial-and-error'), Type.Literal('backprop')], {
          description: 'perceptron in a "no-hidden" act; trial-and-error (or backprop) on the rig\'s network.',
        }),
        pace: Type.Optional(
          Type.Number({ exclusiveMinimum: 0, maximum: 1000, description: "Tries (or epochs) a second. Default: the rig's training pace." }),
        ),
        maxMs: Type.Optional(Ms('Give up after this long (the scene then ends as "failed"). Default: no limit.')),
        fromRandomGuess: Type.Optional(Type.Boolean({ description: 'trial-and-error: start from a random first guess (default false).' })),
      },
      { additionalProperties: false },
    ),
    caption: Caption,
  },
  { additionalProperties: false },
);

export const ShowSceneSchema = Type.Object(
  {
    show: Type.Object(
      { holdMs: Ms('Time each example of the corpus just learnt stays shown, one cascade each.') },
      { additionalProperties: false },
    ),
    caption: Caption,
  },
  { additionalProperties: false },
);

export const HoldSceneSchema = Type.Object(
  { hold: Type.Object({ ms: Ms('How long to wait.') }, { additionalProperties: false }), caption: Caption },
  { additionalProperties: false },
);

export const InviteSceneSchema = Type.Object(
  {
    invite: Type.Object({ ms: Ms('How long the trained network waits for a visitor before the story starts again.') }, { additionalProperties: false }),
    caption: Caption,
  },
  { additionalProperties: false },
);

export const SCENE_KINDS = ['learn', 'show', 'hold', 'invite'] as const;
export type SceneKind = (typeof SCENE_KINDS)[number];

export const SceneSchemas = {
  learn: LearnSceneSchema,
  show: ShowSceneSchema,
  hold: HoldSceneSchema,
  invite: InviteSceneSchema,
} as const;

export const SceneSchema = Type.Union([LearnSceneSchema, ShowSceneSchema, HoldSceneSchema, InviteSceneSchema]);

export const ActSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 40 }),
    title: ActTitle,
    network: Type.Union([Type.Literal('rig'), Type.Literal('no-hidden')], {
      description: 'rig: the exhibit\'s own network. no-hidden: a stand-in with the inputs wired straight to the answer layer (step activation); the hidden boards stay dark.',
    }),
    scenes: Type.Array(SceneSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const StorySchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    format: Type.Literal(STORY_FORMAT),
    version: Type.Literal(STORY_VERSION),
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 40 }),
    rig: Type.Optional(Type.String({ description: 'The rig this story is written for (its name); a rig with another name is refused.' })),
    description: Type.Optional(Type.String()),
    acts: Type.Array(ActSchema, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export type Story = Type.Static<typeof StorySchema>;
export type Act = Type.Static<typeof ActSchema>;
export type Scene = Type.Static<typeof SceneSchema>;
export type LearnScene = Type.Static<typeof LearnSceneSchema>;

/** The kind of a scene (the one of learn/show/hold/invite it has). */
export function sceneKind(scene: Scene): SceneKind {
  return SCENE_KINDS.find((k) => k in scene)!;
}
