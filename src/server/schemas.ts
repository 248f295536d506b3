/**
 * The HTTP API's JSON Schemas (TypeBox): one definition gives the TypeScript type, the request
 * check and the reply serializer. Bodies reject unknown properties, so a typo such as `metod` is a
 * 400 naming the field instead of silently training with the default.
 *
 * Reply schemas double as a whitelist: fast-json-stringify writes only the properties listed here,
 * so every field the runtime returns that a client may read must be named.
 */
import Type from 'typebox';

/*
 * Why not Type.Union for the reply fields below: fast-json-stringify serializes `anyOf` by running a
 * validator per value to pick the branch, which made `/api/state` (one union per weight) five times
 * slower than it needs to be. A `type` array is a plain type check; an empty schema is JSON.stringify.
 */
const Nullable = <T extends Type.TNumber | Type.TInteger | Type.TString>(schema: T) =>
  Type.Unsafe<Type.Static<T> | null>({ ...schema, type: [schema.type, 'null'] });
/** A network number: finite, or the string "-0" (network JSON keeps the sign of zero). */
const ExactNumber = Type.Unsafe<number | '-0'>({ description: 'A number, or the string "-0" for negative zero.' });

export const ErrorReply = Type.Object(
  {
    error: Type.String({ description: 'An NB_ERR_* code (see docs/api.md).' }),
    message: Type.String({ description: 'What happened and what to do.' }),
    field: Type.Optional(Type.String({ description: 'The offending field, when there is one.' })),
  },
  { additionalProperties: false },
);
export type ErrorReply = Type.Static<typeof ErrorReply>;

export const HealthReply = Type.Object({
  /** The server answers (liveness); `problems` says whether the exhibit is all well. */
  ok: Type.Boolean(),
  uptimeS: Type.Number(),
  version: Type.String(),
  boards: Type.Object({ online: Type.Integer(), total: Type.Integer() }),
  /** ISO time of the last good save, or null (none yet, or nothing is saved). */
  lastSavedAt: Type.Union([Type.String(), Type.Null()]),
  /** What needs someone's attention, in words: boards not online, a failing save. Empty when all is well. */
  problems: Type.Array(Type.String()),
});

export const TraceSchema = Type.Object({
  inputs: Type.Array(Type.Number()),
  layers: Type.Array(
    Type.Object({
      sums: Type.Array(Type.Number()),
      activations: Type.Array(Type.Number()),
      fired: Type.Array(Type.Boolean()),
    }),
  ),
  outputs: Type.Array(Type.Number()),
});

export const TrainingStatusSchema = Type.Object({
  of: Type.Union([Type.Literal('exhibit'), Type.Literal('story')], {
    description: "Whose run: the exhibit's own, or the story's (on a copy of the network, while it plays).",
  }),
  running: Type.Boolean(),
  method: Nullable(Type.String()),
  step: Type.Number(),
  loss: Nullable(Type.Number()),
  tried: Type.Optional(Type.Number()),
  kept: Type.Optional(Type.Number()),
  evaluations: Type.Optional(Type.Number()),
  restarts: Type.Optional(Type.Number()),
  corpusChanges: Type.Optional(Type.Number()),
  reason: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  startedAt: Type.Optional(Type.Number()),
  elapsedMs: Type.Optional(Type.Number()),
  pace: Type.Optional(Type.Number({ description: 'Tries (steps) a second while it runs; 0 = full speed.' })),
});

/** One try of trial and error (the `try` event, and the reply of POST /api/train/step). */
export const TryEventSchema = Type.Object({
  tried: Type.Integer(),
  kept: Type.Integer(),
  changed: Type.Array(Type.Integer(), { description: "Indices into the network's params (weights, then biases, layer by layer) this try changed." }),
  before: Type.Number(),
  after: Type.Number(),
  outcome: Type.Union([Type.Literal('kept'), Type.Literal('undone')]),
  loss: Type.Number(),
  correct: Type.Integer(),
  total: Type.Integer(),
});

const Pace = Type.Number({ minimum: 0, maximum: 100_000, description: 'Tries (steps) a second; 0 = full speed.' });

export const PaceBody = Type.Object({ pace: Pace }, { additionalProperties: false });

const BoardChannelSchema = Type.Object({
  channel: Type.Integer(),
  layer: Type.Integer(),
  node: Type.Integer(),
  label: Type.String({ description: 'The node\'s name: the rig\'s label, or "input N" / "hidden N" / "output N".' }),
  ledLevel: Type.Number(),
  measuredLevel: Nullable(Type.Number()),
  pressed: Type.Boolean(),
});

export const BoardStateSchema = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String()),
  profile: Type.String(),
  transport: Nullable(Type.String()),
  path: Nullable(Type.String()),
  state: Type.String(),
  online: Type.Boolean(),
  lastSeenMs: Nullable(Type.Number()),
  rttMs: Nullable(Type.Number()),
  reconnects: Type.Integer(),
  channels: Type.Array(BoardChannelSchema),
});

const NetworkSchema = Type.Object({
  format: Type.String(),
  version: Type.Integer(),
  sizes: Type.Array(Type.Integer()),
  layers: Type.Array(
    Type.Object({
      activation: Type.String(),
      threshold: ExactNumber,
      weights: Type.Array(ExactNumber),
      biases: Type.Array(ExactNumber),
    }),
  ),
});

/** A rig's words in one language (docs/rigs.md, "Text in several languages"). */
const RigWordsSchema = Type.Object({
  title: Type.String(),
  boards: Type.Record(Type.String(), Type.String(), { description: 'Board id → its name (boards with no name are left out).' }),
  labels: Type.Array(Type.Array(Type.String()), { description: "labels[layer][node]: every node's name." }),
});

/** A story's title or caption: a key of the visitor page's strings, or the story's own text (one string, or one per language). */
const StoryText = Type.Union([Type.String(), Type.Record(Type.String({ pattern: '^[a-z]{2}$' }), Type.String())], {
  description: "A key of the visitor page's strings (story.oneNeuron.title), or the story's own text: a string in the rig's default language, or { \"en\": \"…\", \"de\": \"…\" }.",
});

/** The story's state (`/api/state.story`, `GET /api/story`, the `story` event): see docs/stories.md. */
export const StoryStateSchema = Type.Object({
  name: Nullable(Type.String({ description: 'The story the rig names; null when it has none.' })),
  playing: Type.Boolean({ description: 'True while it plays by itself.' }),
  act: Type.Union([
    Type.Object({ index: Type.Integer(), id: Type.String(), count: Type.Integer(), title: StoryText }),
    Type.Null(),
  ]),
  scene: Type.Union([
    Type.Object({
      index: Type.Integer(),
      kind: Type.String({ description: 'learn, show, hold or invite.' }),
      caption: StoryText,
      corpus: Type.Optional(Type.String()),
      method: Type.Optional(Type.String()),
      outcome: Type.Optional(Type.String({ description: 'Learn scenes: learning, then learned or failed.' })),
    }),
    Type.Null(),
  ]),
  network: Nullable(Type.String({ description: 'rig or no-hidden: the network the act shows.' })),
  standIn: Type.Union([NetworkSchema, Type.Null()], { description: 'The stand-in network of a "no-hidden" act.' }),
  examples: Type.Union([Type.Array(Type.Object({ inputs: Type.Array(Type.Number()), targets: Type.Array(Type.Number()) })), Type.Null()]),
});

export const NeuronsBody = Type.Object(
  { model: Type.String({ maxLength: 40, description: '"spiking": the same network as spiking neurons; "sigmoid": the network as a steady glow.' }) },
  { additionalProperties: false },
);

const AgreementSchema = Type.Object({
  right: Type.Integer({ description: 'Examples on which the spiking neurons settle on the network\'s answer…' }),
  of: Type.Integer({ description: '…of all the corpus examples.' }),
  windowMs: Type.Number({ description: 'The decision window the spiking neurons answer over (the check may lengthen it).' }),
  remedy: Type.Union([Type.Literal('none'), Type.Literal('longer-window')]),
  differing: Type.Array(
    Type.Object({
      index: Type.Integer(),
      label: Type.Optional(Type.String()),
      inputs: Type.Array(Type.Number()),
      networkAnswer: Type.Array(Type.Integer()),
      spikingAnswer: Type.Array(Type.Integer()),
      steady: Type.Boolean(),
    }),
    { description: 'The examples on which they answer differently, with both answers.' },
  ),
});

export const NeuronsReply = Type.Object({
  model: Type.Union([Type.Literal('sigmoid'), Type.Literal('spiking')]),
  agreement: Type.Union([AgreementSchema, Type.Null()]),
});

const SpikingStateSchema = Type.Object({
  model: Type.Literal('spiking'),
  agreement: AgreementSchema,
  potential: Type.Array(Type.Array(Type.Number()), { description: 'potential[layer][node] now, in thresholds.' }),
  spikes: Type.Array(Type.Array(Type.Integer()), { description: 'spikes[layer][node] in the last decision window.' }),
  answer: Type.Array(Type.Integer(), { description: 'The outputs lit by their spikes now.' }),
});

export const StateReply = Type.Object({
  rig: Type.Object({
    name: Type.String(),
    title: Type.String({ description: "The rig's title in its default language (`language`)." }),
    layers: Type.Array(Type.Integer()),
    language: Type.String({ description: "The rig's default language: its plain strings are in it, and a page falls back to it." }),
    words: Type.Record(Type.String({ pattern: '^[a-z]{2}$' }), RigWordsSchema, {
      description: "The rig's words in each language it is written in (its default first): a page shows its visitor's language's, else the default's.",
    }),
    neurons: Type.Object(
      {
        rule: Type.Union([Type.Literal('threshold'), Type.Literal('argmax')]),
        params: Type.Object({
          tauMs: Type.Number(), synapseMs: Type.Number(), refractoryMs: Type.Number(), floor: Type.Number(),
          axonDelayMs: Type.Number(), dtMs: Type.Number(), windowMs: Type.Number(),
        }),
      },
      { description: "The rig's spiking neurons (docs/spiking.md): how answers are read and the model's parameters." },
    ),
  }),
  labels: Type.Array(Type.Array(Type.String()), { description: 'labels[layer][node]: every node\'s name.' }),
  network: NetworkSchema,
  trace: Type.Union([TraceSchema, Type.Null()]),
  inputs: Type.Array(Type.Number()),
  boards: Type.Array(BoardStateSchema),
  training: TrainingStatusSchema,
  corpus: Type.Object({ size: Type.Integer(), correct: Type.Integer() }),
  visitors: Type.Object({ idle: Type.Boolean(), idleMs: Type.Number(), lastActivityAt: Nullable(Type.Number()) }),
  story: StoryStateSchema,
  log: Type.Array(Type.Object({ level: Type.String(), message: Type.String(), at: Type.Number() }), {
    description: "The exhibit's last log lines (at most 100), oldest first, start-up included: what `log` events said before the page connected.",
  }),
  neurons: Type.Optional(SpikingStateSchema),
  seq: Type.Integer({ minimum: 0, description: 'The number of the last event (on GET /api/events) this state reflects.' }),
});

/** Generous for any rig a board can drive, small enough that a body stays tiny. */
const MAX_NODES = 256;
const FiniteNumber = Type.Number({ minimum: -1e6, maximum: 1e6 });

export const InputsBody = Type.Object(
  { values: Type.Array(FiniteNumber, { minItems: 1, maxItems: MAX_NODES, description: 'One number per input node.' }) },
  { additionalProperties: false },
);

export const BoardParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The board id from the rig (8 hex digits).' }),
});

export const PressBody = Type.Object(
  {
    channel: Type.Optional(Type.Integer({ minimum: 0, maximum: 15, description: "Defaults to the board's first rig channel." })),
    pressed: Type.Optional(Type.Boolean({ description: 'true pushes the button down, false lets it go. Give this or click.' })),
    click: Type.Optional(Type.Boolean({ description: 'true: one press and release (a keyboard press, a tap). Give this or pressed.' })),
  },
  { additionalProperties: false },
);

export const PressReply = Type.Object({
  ok: Type.Boolean(),
  board: Type.String(),
  channel: Nullable(Type.Integer()),
  /** Where the button ends up: false after a click. */
  pressed: Type.Boolean(),
  click: Type.Optional(Type.Boolean()),
});

export const TrainBody = Type.Object(
  {
    method: Type.Optional(
      Type.Union([Type.Literal('trial-and-error'), Type.Literal('backprop'), Type.Literal('perceptron')], {
        default: 'trial-and-error',
      }),
    ),
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000 })),
    targetLoss: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
    fromRandomGuess: Type.Optional(Type.Boolean()),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 0xffffffff })),
    /** Learning to be watched: paced (the rig's pace, or 20 a second), every try an event. */
    watch: Type.Optional(Type.Boolean()),
    pace: Type.Optional(Pace),
  },
  { additionalProperties: false },
);
export type TrainBody = Type.Static<typeof TrainBody>;

export const ExampleSchema = Type.Object(
  {
    inputs: Type.Array(FiniteNumber, { minItems: 1, maxItems: MAX_NODES }),
    targets: Type.Array(FiniteNumber, { minItems: 1, maxItems: MAX_NODES }),
    label: Type.Optional(Type.String({ maxLength: 80 })),
    source: Type.Optional(
      Type.Union([Type.Literal('visitor'), Type.Literal('staff')], {
        description: "Who teaches it: 'visitor' (default; forgotten by the rig's visitors.lessons policy) or 'staff' (kept).",
      }),
    ),
  },
  { additionalProperties: false },
);

export const CorpusReply = Type.Object({
  inputSize: Type.Integer(),
  outputSize: Type.Integer(),
  limit: Type.Integer({ description: "The most examples the corpus holds (the rig's corpusLimit)." }),
  examples: Type.Array(
    Type.Object({
      inputs: Type.Array(Type.Number()),
      targets: Type.Array(Type.Number()),
      label: Type.Optional(Type.String()),
      source: Type.Union([Type.Literal('rig'), Type.Literal('visitor'), Type.Literal('staff')], {
        description: "Where it came from: the rig's corpus, a visitor's lesson (forgotten politely), or staff (added or kept).",
      }),
    }),
  ),
});

export const TeachReply = Type.Object({
  outcome: Type.String({ description: '"added", "duplicate" or "replaced".' }),
  index: Type.Integer(),
  size: Type.Integer(),
  training: Type.Boolean({ description: 'True when training is running now: it was already (and took the example up) or the network got it wrong and it started.' }),
  dropped: Type.Optional(
    Type.Object(
      { inputs: Type.Array(Type.Number()), targets: Type.Array(Type.Number()), label: Type.Optional(Type.String()) },
      { description: "The corpus was full (the rig's corpusLimit): the oldest example a visitor added, which went to make room." },
    ),
  ),
});

export const CorpusIndexParams = Type.Object({
  // A string: path parameters arrive as text and the server does not coerce types.
  index: Type.String({ pattern: '^[0-9]{1,7}$', description: 'Position of the example, a whole number from 0, as GET /api/corpus lists them.' }),
});

export const RemoveReply = Type.Object({
  removed: Type.Object({ inputs: Type.Array(Type.Number()), targets: Type.Array(Type.Number()), label: Type.Optional(Type.String()) }),
  size: Type.Integer(),
  training: Type.Boolean({ description: 'True when training is running now (it goes on with the examples left).' }),
});

export const KeepReply = Type.Object({
  index: Type.Integer(),
  source: Type.Literal('staff'),
  size: Type.Integer(),
});

export const ForgetReply = Type.Object({
  forgotten: Type.Integer({ description: "How many visitors' examples went (0: there were none, nothing changed)." }),
  size: Type.Integer({ description: 'Examples in the corpus now.' }),
  training: Type.Boolean({ description: 'True when training is running now (the restored network got a remaining example wrong).' }),
});

export const ResetReply = Type.Object({
  size: Type.Integer({ description: "Examples in the corpus now: the rig's own." }),
  training: Type.Boolean({ description: "True when training is running now (the network did not get all of the rig's examples right)." }),
});

/** The error replies every route may give (documented; the serializer writes exactly these fields). */
export const errorReplies = { '4xx': ErrorReply, '5xx': ErrorReply } as const;
