/**
 * The scenario file: a rig and a list of steps run against it on simulated boards (`neuroboard test`).
 * One TypeBox schema gives the TypeScript types, the runtime check and the JSON Schema published as
 * boards/scenario.schema.json (regenerate with `npm run schemas`).
 *
 * Every step (and every condition) is an object with exactly one kind key, plus an optional `name`:
 * `{ "click": { "board": "a0000001" } }`. That reads well in JSON and in YAML, and lets the loader
 * say "step 3: unknown step kind "klick"" instead of a union's unreadable "must match anyOf".
 * All times are scenario milliseconds (see timeScale.ts): virtual, not wall time.
 */
import Type from 'typebox';

export const SCENARIO_FORMAT = 'neuroboard.scenario';
export const SCENARIO_VERSION = 1;

const BoardId = Type.String({ pattern: '^[0-9a-f]{8}$', description: 'A board id from the rig (8 lower-case hex digits).' });
const Channel = Type.Integer({ minimum: 0, maximum: 15, description: 'Channel on the board; default the first one the rig binds on it.' });
const Ms = (description: string) => Type.Integer({ minimum: 0, maximum: 3_600_000, description });

const ButtonTarget = Type.Object({ board: BoardId, channel: Type.Optional(Channel) }, { additionalProperties: false });

const Range = Type.Object(
  { min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) },
  { additionalProperties: false, description: 'Inclusive bounds; either may be left out.' },
);

const LedLevel = Type.Union(
  [
    Type.Integer({ minimum: 0, maximum: 255, description: 'This level, within `tolerance`.' }),
    Range,
    Type.Literal('fired', { description: 'At least the level of an activation at the firing threshold.' }),
    Type.Literal('not-fired', { description: 'Below the level of an activation at the firing threshold.' }),
    Type.Literal('as-sent', { description: 'What the pin shows is what the host last sent for it (within `tolerance`).' }),
  ],
  { description: 'The LED level 0-255 to expect.' },
);

export const ConditionSchemas = {
  led: Type.Object(
    {
      board: BoardId,
      channel: Type.Optional(
        Type.Union([Channel, Type.Literal('any', { description: 'Any channel of the board (the hidden board lit for some node).' })]),
      ),
      level: LedLevel,
      tolerance: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, description: 'For a number or "as-sent": how far off still counts (default 6: PWM measured over a window).' })),
      measure: Type.Optional(
        Type.Union([Type.Literal('pin'), Type.Literal('sent')], {
          description: 'pin (default): the PWM duty measured on the simulated pin. sent: the level the host last sent.',
        }),
      ),
    },
    { additionalProperties: false, description: 'An LED on a board channel.' },
  ),
  output: Type.Object(
    {
      inputs: Type.Optional(Type.Array(Type.Number(), { description: 'Evaluate the network on these inputs (without changing what the exhibit shows); default: what it shows now.' })),
      fired: Type.Optional(Type.Array(Type.Boolean(), { description: 'Which outputs fire (reach the threshold).' })),
      values: Type.Optional(Type.Array(Type.Union([Type.Number(), Range]), { description: 'Output activations: a number (within 0.05) or a range.' })),
    },
    { additionalProperties: false, description: "The network's output." },
  ),
  inputs: Type.Array(Type.Number(), { description: 'The inputs the exhibit has now (set by buttons or set-inputs).' }),
  online: Type.Object({ board: BoardId }, { additionalProperties: false, description: 'The board is online.' }),
  offline: Type.Object({ board: BoardId }, { additionalProperties: false, description: 'The board is not online (offline, reconnecting, quarantined).' }),
  training: Type.Object(
    {
      running: Type.Optional(Type.Boolean()),
      lossBelow: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      fits: Type.Optional(Type.Boolean({ description: 'Every corpus example is answered right.' })),
    },
    { additionalProperties: false, description: 'The training status.' },
  ),
  story: Type.Object(
    {
      playing: Type.Optional(Type.Boolean()),
      act: Type.Optional(Type.String({ description: "The act's id in the story file (one-neuron, hidden-layer, your-turn)." })),
      scene: Type.Optional(Type.Union([Type.Literal('learn'), Type.Literal('show'), Type.Literal('hold'), Type.Literal('invite')])),
      sceneIndex: Type.Optional(Type.Integer({ minimum: 0, description: 'The scene, from 0 within its act.' })),
      outcome: Type.Optional(Type.Union([Type.Literal('learning'), Type.Literal('learned'), Type.Literal('failed')], { description: 'A learn scene: how it is going.' })),
    },
    { additionalProperties: false, description: "Where the rig's story is (docs/stories.md)." },
  ),
  spikes: Type.Object(
    {
      board: BoardId,
      channel: Type.Optional(Channel),
      min: Type.Optional(Type.Integer({ minimum: 0, description: 'At least this many spikes.' })),
      max: Type.Optional(Type.Integer({ minimum: 0, description: 'At most this many spikes.' })),
      windowMs: Type.Optional(
        Type.Integer({ minimum: 1, maximum: 10_000, description: "Count over the last this long of the neurons' time (default 1000 ms)." }),
      ),
    },
    {
      additionalProperties: false,
      description: 'Spiking mode: how many times the neuron on this board channel spiked in the last windowMs (docs/scenarios.md).',
    },
  ),
} as const;

export type ConditionKind = keyof typeof ConditionSchemas;
export const CONDITION_KINDS = Object.keys(ConditionSchemas) as ConditionKind[];

const ConditionSchema = Type.Union(
  CONDITION_KINDS.map((kind) => Type.Object({ [kind]: ConditionSchemas[kind] }, { additionalProperties: false })),
  { description: 'Exactly one of: led, output, inputs, online, offline, training, story, spikes.' },
);

const TrainingMethod = Type.Union([Type.Literal('trial-and-error'), Type.Literal('backprop'), Type.Literal('perceptron')]);

export const StepSchemas = {
  press: Type.Object(ButtonTarget.properties, { additionalProperties: false, description: 'Push the button down (and keep it down). Done when the exhibit sees it.' }),
  release: Type.Object(ButtonTarget.properties, { additionalProperties: false, description: 'Let the button go. Done when the exhibit sees it.' }),
  click: Type.Object(ButtonTarget.properties, { additionalProperties: false, description: 'Press and release (toggles a latched input).' }),
  hold: Type.Object(
    { ...ButtonTarget.properties, ms: Ms('How long to hold it down.') },
    { additionalProperties: false, description: 'Press, hold for `ms`, release.' },
  ),
  'set-inputs': Type.Array(Type.Number(), { description: 'Set every input (as the HTTP API does) and run a pass.' }),
  wait: Type.Object(
    {
      ms: Type.Optional(Ms('Wait this long.')),
      until: Type.Optional(ConditionSchema),
      timeoutMs: Type.Optional(Ms('With `until`: fail if it does not hold within this long (default defaults.timeoutMs).')),
    },
    { additionalProperties: false, description: 'Wait a time (`ms`), or until a condition holds (`until`), which ends as soon as it does.' },
  ),
  expect: Type.Union(
    CONDITION_KINDS.map((kind) => Type.Object({ [kind]: ConditionSchemas[kind] }, { additionalProperties: false })),
    {
      description:
        'A condition judged once the boards have settled: the cascade the last step started has played out and every LED shows what it was sent (in spiking mode: the answer the spikes give has held for one decision window plus the axon delays). One of led, output, inputs, online, offline, training, story, spikes.',
    },
  ),
  eventually: Type.Union(
    CONDITION_KINDS.map((kind) =>
      Type.Object(
        { [kind]: ConditionSchemas[kind], withinMs: Type.Optional(Ms('Keep checking this long before failing (default defaults.withinMs).')) },
        { additionalProperties: false },
      ),
    ),
    {
      description:
        'A condition that holds at some moment within `withinMs`, settled or not (a state the boards pass through counts): one of led, output, inputs, online, offline, training, story, spikes.',
    },
  ),
  train: Type.Object(
    {
      method: Type.Optional(TrainingMethod),
      untilLoss: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Train until the loss is below this; the step fails if it is not reached (default: the rig\'s target, unless forMs or epochs is given).' })),
      forMs: Type.Optional(Ms('Train for at most this long, then stop.')),
      epochs: Type.Optional(Type.Integer({ minimum: 1, description: 'Steps of the method (epochs, or tries for trial and error).' })),
      learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
      timeoutMs: Type.Optional(Ms('Fail if training has not ended within this long (default 120000).')),
    },
    { additionalProperties: false, description: 'Train the network (stopping any run going first) and wait for it to end.' },
  ),
  'stop-training': Type.Object({}, { additionalProperties: false, description: 'Stop training if it runs.' }),
  teach: Type.Object(
    {
      inputs: Type.Array(Type.Number()),
      targets: Type.Array(Type.Number()),
      outcome: Type.Optional(Type.Union([Type.Literal('added'), Type.Literal('duplicate'), Type.Literal('replaced')])),
      timeoutMs: Type.Optional(Ms('When teaching starts training: fail if it has not ended within this long (default 120000).')),
    },
    { additionalProperties: false, description: 'Teach an example (teach mode); waits for any training it starts.' },
  ),
  story: Type.Union([Type.Literal('play'), Type.Literal('stop')], {
    description: "play: the rig's story from act 1 (as POST /api/story/play). stop: hand the exhibit over (as a visitor's press, or POST /api/story/stop).",
  }),
  neurons: Type.Union([Type.Literal('spiking'), Type.Literal('sigmoid')], {
    description: 'spiking: the boards show the network as spiking neurons (as PUT /api/neurons; the agreement check runs first). sigmoid: back to the network.',
  }),
  unplug: Type.Object({ board: BoardId }, { additionalProperties: false, description: 'Yank the board\'s USB cable.' }),
  replug: Type.Object({ board: BoardId }, { additionalProperties: false, description: 'Plug it back in.' }),
  raw: Type.Object(
    {
      board: BoardId,
      send: Type.String({ minLength: 1, maxLength: 200, description: 'One protocol line, valid or not (firmware/PROTOCOL.md).' }),
      reply: Type.Optional(Type.String({ description: 'The exact reply line.' })),
      match: Type.Optional(Type.String({ description: 'A regular expression the reply line must match.' })),
    },
    { additionalProperties: false, description: 'Send a raw protocol line to a board and check its reply.' },
  ),
} as const;

export type StepKind = keyof typeof StepSchemas;
export const STEP_KINDS = Object.keys(StepSchemas) as StepKind[];

export const StepSchema = Type.Union(
  STEP_KINDS.map((kind) =>
    Type.Object({ name: Type.Optional(Type.String({ maxLength: 120 })), [kind]: StepSchemas[kind] }, { additionalProperties: false }),
  ),
  { description: `One step: an object with one of ${STEP_KINDS.join(', ')} (and an optional name).` },
);

export const ScenarioSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    format: Type.Optional(Type.Literal(SCENARIO_FORMAT)),
    version: Type.Literal(SCENARIO_VERSION),
    name: Type.Optional(Type.String({ maxLength: 120 })),
    description: Type.Optional(Type.String()),
    rig: Type.String({
      minLength: 1,
      description:
        'The rig: a path relative to this file, inside the folder above this file\'s folder (scenarios/x.json names ../rig.json), or the name of an example rig in boards/rigs/ (xor, digits7).',
    }),
    start: Type.Optional(
      Type.Union([Type.Literal('trained'), Type.Literal('untrained'), Type.Literal('as-rig')], {
        description:
          'trained (default): train to the rig\'s target before the first step. untrained: the rig\'s first seeded guess, no training. as-rig: as the rig says (trainOnStart), steps begin once the boards are online.',
      }),
    ),
    defaults: Type.Optional(
      Type.Object(
        {
          withinMs: Type.Optional(Ms('How long an `eventually` keeps checking before it fails (default 2000).')),
          timeoutMs: Type.Optional(Ms('How long a wait-until, a button step, or the boards settling before an expect may take (default 10000).')),
        },
        { additionalProperties: false },
      ),
    ),
    steps: Type.Array(StepSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export type Scenario = Type.Static<typeof ScenarioSchema>;
export type Step = Type.Static<typeof StepSchema>;
type ConditionBodies = { [K in ConditionKind]: Type.Static<(typeof ConditionSchemas)[K]> };
/** A condition, as the runner sees it after loading: its kind and its body. */
export type Condition = { [K in ConditionKind]: { kind: K; body: ConditionBodies[K] } }[ConditionKind];
export type LedCondition = ConditionBodies['led'];
export type OutputCondition = ConditionBodies['output'];
export type TrainingCondition = ConditionBodies['training'];
export type StoryCondition = ConditionBodies['story'];
export type SpikesCondition = ConditionBodies['spikes'];

/** Step bodies after loading: conditions already split into kind and body. */
type StepBodies = { [K in Exclude<StepKind, 'wait' | 'expect' | 'eventually'>]: Type.Static<(typeof StepSchemas)[K]> } & {
  wait: { ms?: number; until?: Condition; timeoutMs?: number };
  expect: { condition: Condition };
  eventually: { condition: Condition; withinMs?: number };
};
/** A step after loading: kind, body, name, and its index in `steps`. */
export type LoadedStep = { [K in StepKind]: { kind: K; body: StepBodies[K]; name: string | undefined; index: number } }[StepKind];
