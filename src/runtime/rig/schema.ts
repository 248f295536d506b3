/**
 * The rig file: which board and channel is which node of the network, the network's shape, its
 * corpus and the cascade timing. One TypeBox schema gives the TypeScript type, the runtime check and
 * the JSON Schema published as boards/rig.schema.json (regenerate with `npm run schemas`).
 */
import Type from 'typebox';
import { textSchema } from '../exhibitText.js';

export const RIG_FORMAT = 'neuroboard.rig';
export const RIG_VERSION = 1;
/**
 * The highest corpusLimit a rig may set. Every teach saves the whole corpus, and 100,000 examples
 * are what the bench measures (load, save, a teach): beyond that, a save takes long enough to feel.
 */
export const CORPUS_LIMIT_MAX = 100_000;

const BoardId = Type.String({
  pattern: '^[0-9a-f]{8}$',
  description: 'The board id its firmware announces: 8 lower-case hex digits (set with SETID, kept in EEPROM).',
});

export const ChannelBindingSchema = Type.Object(
  {
    channel: Type.Integer({ minimum: 0, maximum: 15, description: 'Channel on the board, from 0.' }),
    layer: Type.Integer({ minimum: 0, description: 'Network layer: 0 is the inputs, the last is the outputs.' }),
    node: Type.Integer({ minimum: 0, description: 'Node within the layer, from 0.' }),
    label: Type.Optional(
      textSchema({
        minLength: 1,
        maxLength: 24,
        pattern: '\\S',
        description:
          'A short name of the node this channel shows, as the rig means it (e.g. "A", segment "a", digit "7"), 1 to 24 characters. Without one: "input N", "hidden N" or "output N".',
      }),
    ),
  },
  { additionalProperties: false },
);

const PROFILE_DESCRIPTION = 'Board profile in boards/profiles/: pins, clock, firmware.';

export const RigBoardSchema = Type.Object(
  {
    id: BoardId,
    name: Type.Optional(textSchema({ maxLength: 40, description: 'What visitors and staff call it, up to 40 characters.' })),
    profile: Type.String({ pattern: '^[a-z][a-z0-9-]*$', description: PROFILE_DESCRIPTION }),
    transport: Type.Optional(
      Type.Union([Type.Literal('serial'), Type.Literal('firmata')], {
        description: 'serial: our firmware (default). firmata: StandardFirmata via johnny-five.',
      }),
    ),
    port: Type.Optional(Type.String({ description: 'Pin this board to a serial port instead of finding it by id.' })),
    channels: Type.Array(ChannelBindingSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

const ExampleSchema = Type.Object(
  {
    inputs: Type.Array(Type.Number()),
    targets: Type.Array(Type.Number()),
    label: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);

export const RigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    format: Type.Literal(RIG_FORMAT),
    version: Type.Literal(RIG_VERSION),
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 40 }),
    title: textSchema({ maxLength: 80, description: 'The heading of the console and the visitor page, up to 80 characters.' }),
    description: Type.Optional(Type.String()),
    language: Type.Optional(
      Type.String({
        pattern: '^[a-z]{2}$',
        description: "The visitor page's default language, a two-letter code with a file in dashboard/exhibit/i18n/ (en, de, fr). Default en.",
      }),
    ),
    network: Type.Object(
      {
        layers: Type.Array(Type.Integer({ minimum: 1, maximum: 64 }), {
          minItems: 2,
          maxItems: 8,
          description: 'Nodes per layer, inputs first, outputs last.',
        }),
        activation: Type.Optional(
          Type.Union([Type.Literal('sigmoid'), Type.Literal('tanh'), Type.Literal('relu'), Type.Literal('step')]),
        ),
        threshold: Type.Optional(
          Type.Number({ description: 'A node fires when its activation reaches this (default 0.5).' }),
        ),
        seed: Type.Optional(Type.Integer({ minimum: 0, description: 'Seed of the first random guess.' })),
      },
      { additionalProperties: false },
    ),
    corpus: Type.Union([
      Type.String({ description: 'A built-in corpus (and, or, xor, majority3, seven-segment, lines-3x3) or a .json/.csv file next to the rig.' }),
      Type.Array(ExampleSchema, { minItems: 1 }),
    ]),
    corpusLimit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: CORPUS_LIMIT_MAX,
        description:
          "The most examples the exhibit's corpus holds (the rig's own, staff's and visitors'). When it is full, the oldest example a visitor added makes room for a new one; the rig's and staff's are never dropped, so a corpus full of those refuses new examples (409 NB_ERR_CORPUS_FULL). Default 2000; at least the size of the rig's own corpus.",
      }),
    ),
    training: Type.Optional(
      Type.Object(
        {
          method: Type.Optional(
            Type.Union([Type.Literal('trial-and-error'), Type.Literal('backprop'), Type.Literal('perceptron')]),
          ),
          targetLoss: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Stop training below this mean squared error.' })),
          trainOnStart: Type.Optional(Type.Boolean({ description: 'Train when the exhibit starts if the corpus does not fit yet (at full speed).' })),
          pace: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 100_000,
              description:
                'Pace of training started by a visitor (dashboard, API, teach mode), so people can watch it get closer: tries (or epochs) per second. 0 = as fast as it goes.',
            }),
          ),
          stepsPerSecond: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 1_000_000,
              description: 'The old name of "pace" (still read; `neuroboard check` says to rename it).',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    cascade: Type.Optional(
      Type.Object(
        {
          stepDelayMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Pause between layers so people see the signal travel.' })),
          fireMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'Length of the fire pulse.' })),
          gamma: Type.Optional(Type.Number({ minimum: 1, maximum: 4, description: 'Perceptual correction: LED level = 255 * activation^gamma.' })),
        },
        { additionalProperties: false },
      ),
    ),
    visitors: Type.Optional(
      Type.Object(
        {
          idleMs: Type.Optional(
            Type.Integer({ minimum: 1_000, maximum: 86_400_000, description: 'No press (a board button, the API, the visitor page) for this long and the exhibit is idle. Default 90000 (90 s).' }),
          ),
          attract: Type.Optional(Type.Boolean({ description: "While idle, the rig's story plays by itself (the attract loop); any press hands over. Default true." })),
          lessons: Type.Optional(
            Type.Union([Type.Literal('keep'), Type.Literal('forget-after-idle'), Type.Literal('forget-at-midnight')], {
              description: "What happens to the examples visitors taught: keep them, forget them (and the training they caused) after forgetAfterMs idle, or forget them at midnight. Default forget-after-idle.",
            }),
          ),
          forgetAfterMs: Type.Optional(
            Type.Integer({ minimum: 1_000, maximum: 86_400_000, description: 'With lessons forget-after-idle: idle this long and the visitors\' examples are forgotten. Default 300000 (5 min).' }),
          ),
        },
        { additionalProperties: false, description: 'How the exhibit treats visitors: when it counts as idle, the attract loop, and how long their lessons last.' },
      ),
    ),
    buttons: Type.Optional(
      Type.Object(
        {
          mode: Type.Optional(
            Type.Union([Type.Literal('latch'), Type.Literal('momentary')], {
              description: 'latch (default): a press toggles its input. momentary: the input is on while held.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    neurons: Type.Optional(
      Type.Object(
        {
          model: Type.Optional(
            Type.Union([Type.Literal('sigmoid'), Type.Literal('spiking')], {
              description:
                'What the boards show when the exhibit starts: sigmoid (default), the network as a steady glow; spiking, the same network as leaky integrate-and-fire neurons (docs/spiking.md). Staff switch with PUT /api/neurons; the switch is kept.',
            }),
          ),
          rule: Type.Optional(
            Type.Union([Type.Literal('threshold'), Type.Literal('argmax')], {
              description:
                "How an answer is read from the outputs' spikes: threshold, every output at or above its line (on/off outputs, XOR); argmax, the busiest output if lit (one-hot outputs, the digits). Default argmax with several outputs, threshold with one.",
            }),
          ),
          tauMs: Type.Optional(Type.Number({ description: 'Membrane time constant: how fast the potential leaks back to rest. Default 500 ms.' })),
          synapseMs: Type.Optional(Type.Number({ description: "How long a spike's charge takes to flow in (0: at once). Default 100 ms." })),
          refractoryMs: Type.Optional(Type.Number({ description: 'Rest after a spike; sets the top rate (1000/refractoryMs spikes a second). Default 100 ms.' })),
          floor: Type.Optional(Type.Number({ description: 'The lowest potential, in thresholds (0 or below): inhibition saturates here. Default -3.' })),
          axonDelayMs: Type.Optional(Type.Number({ description: "How long a spike takes to reach the next layer. Default the rig's cascade.stepDelayMs." })),
          dtMs: Type.Optional(Type.Number({ description: 'Simulation time step. Default 5 ms.' })),
          windowMs: Type.Optional(Type.Number({ description: "An output's answer counts its spikes over this last stretch (the agreement check may lengthen it). Default 1000 ms." })),
        },
        { additionalProperties: false, description: 'Spiking neurons (docs/spiking.md): the model the exhibit starts in, how answers are read, and the parameters.' },
      ),
    ),
    story: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'The story the exhibit plays by itself (docs/stories.md): a story in boards/stories/ by name (xor), or a path relative to the rig (my-story.json).',
      }),
    ),
    boards: Type.Array(RigBoardSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Rig = Type.Static<typeof RigSchema>;
export type RigBoard = Type.Static<typeof RigBoardSchema>;
export type ChannelBinding = Type.Static<typeof ChannelBindingSchema>;

/**
 * RigSchema with each board's `profile` one of `boardTypes` (the board catalogue's, in its order):
 * what a rig is checked against and published as, so a wrong profile is told which ones there are.
 */
export function rigSchemaFor(boardTypes: readonly string[]): typeof RigSchema {
  const schema = structuredClone(RigSchema);
  const profile = Type.Union(boardTypes.map((type) => Type.Literal(type)), { description: PROFILE_DESCRIPTION });
  (schema.properties.boards.items.properties as Record<string, unknown>)['profile'] = profile;
  return schema;
}
