/**
 * The routes that change something: inputs, presses, training, teaching. Registered in their own
 * scope so the staff-token check (when the server is reachable from the network, or on a kiosk)
 * guards exactly these and never the dashboard, the state or the event stream.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NbError } from '../../core/errors.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import { isFromThisMachine } from '../security.js';
import {
  BoardParams,
  CorpusIndexParams,
  ExampleSchema,
  ForgetReply,
  KeepReply,
  InputsBody,
  PaceBody,
  PressBody,
  PressReply,
  RemoveReply,
  ResetReply,
  TeachReply,
  TraceSchema,
  TrainBody,
  TrainingStatusSchema,
  TryEventSchema,
  errorReplies,
} from '../schemas.js';
import { storyRoutes } from './story.js';

/**
 * Who may use these routes: `open` on loopback (only this machine reaches them); `staff` off
 * loopback (every route needs the staff token); `kiosk` (every route needs the token, except that
 * the visitor's routes, marked `config.visitorRoute`, are open to this machine's own screen).
 */
export type ControlAccess = 'open' | 'staff' | 'kiosk';

export interface ControlRoutesOptions {
  exhibit: Exhibit;
  access: ControlAccess;
  /** Presses per client per window (visitors mash buttons; a script could do it 10,000 times a second). */
  pressRateLimit: { max: number; timeWindowMs: number };
}

export const controlRoutes: FastifyPluginAsyncTypebox<ControlRoutesOptions> = async (app, { exhibit, access, pressRateLimit }) => {
  if (access !== 'open') {
    const gate = app.staffGate;
    if (!gate) throw new Error(`control routes: access "${access}" needs the staff gate registered first`);
    // Added before the story routes register, so they are guarded too.
    app.addHook('onRequest', async (request, reply) => {
      if (access === 'kiosk' && request.routeOptions.config.visitorRoute === true && isFromThisMachine(request)) return;
      await gate.require(request, reply);
    });
  }

  await app.register(storyRoutes, { exhibit });

  // Staff changing inputs, training or stepping while the story plays take the exhibit back from it first.
  app.post('/api/inputs', { schema: { body: InputsBody, response: { 200: TraceSchema, ...errorReplies } } }, async (req) => {
    await exhibit.takeBack();
    return exhibit.setInputs(req.body.values);
  });

  app.post(
    '/api/boards/:id/press',
    {
      config: { visitorRoute: true, rateLimit: { max: pressRateLimit.max, timeWindow: pressRateLimit.timeWindowMs } },
      schema: { params: BoardParams, body: PressBody, response: { 200: PressReply, ...errorReplies } },
    },
    async (req) => {
      const { id } = req.params;
      const { channel, pressed, click } = req.body;
      const clicking = click === true;
      if (clicking === (pressed !== undefined)) {
        throw new NbError(
          'NB_ERR_INVALID_ARGUMENT',
          clicking ? 'send either pressed or click: true, not both' : 'pressed is required: true (push down) or false (let go); or send click: true for one press and release',
          { field: clicking ? 'click' : 'pressed' },
        );
      }
      if (clicking) exhibit.click(id, channel);
      else exhibit.press(id, channel, pressed!);
      const board = exhibit.rig.boards.find((b) => b.id === id);
      return {
        ok: true,
        board: id,
        channel: channel ?? board?.channels[0]?.channel ?? null,
        pressed: clicking ? false : pressed!,
        ...(clicking ? { click: true } : {}),
      };
    },
  );

  app.post('/api/train', { schema: { body: TrainBody, response: { 202: TrainingStatusSchema, ...errorReplies } } }, async (req, reply) => {
    const { method = 'trial-and-error', pace, ...rest } = req.body;
    await exhibit.takeBack();
    const status = exhibit.train({ method, ...rest, ...(pace === undefined ? {} : { stepsPerSecond: pace }) });
    return reply.code(202).send(status);
  });

  // The visitor page's "Start again from a random guess": no options, so it is safe to leave open on a kiosk.
  app.post('/api/train/restart', { config: { visitorRoute: true }, schema: { response: { 202: TrainingStatusSchema, ...errorReplies } } }, async (_req, reply) => {
    return reply.code(202).send(await exhibit.restartFromRandomGuess());
  });

  // One try (the console's single step): its event goes out on the stream and the LEDs show it.
  app.post('/api/train/step', { schema: { response: { 200: TryEventSchema, ...errorReplies } } }, async () => {
    await exhibit.takeBack();
    const event = exhibit.step();
    await exhibit.saved();
    return event;
  });

  app.put('/api/train/pace', { schema: { body: PaceBody, response: { 200: TrainingStatusSchema, ...errorReplies } } }, async (req) =>
    exhibit.setPace(req.body.pace),
  );

  // A 2xx from a route that changes what is saved means the change is on disk (docs/api.md).
  app.delete('/api/train', { schema: { response: { 200: TrainingStatusSchema, ...errorReplies } } }, async () => {
    const status = await exhibit.stopTraining();
    await exhibit.saved();
    return status;
  });

  app.post('/api/corpus', { schema: { body: ExampleSchema, response: { 200: TeachReply, 201: TeachReply, ...errorReplies } } }, async (req, reply) => {
    const { inputs, targets, label, source = 'visitor' } = req.body;
    const result = exhibit.teach({ inputs, targets, ...(label === undefined ? {} : { label }) }, source);
    await exhibit.saved();
    return reply.code(result.outcome === 'added' ? 201 : 200).send({
      outcome: result.outcome,
      index: result.index,
      size: exhibit.corpus.size,
      training: result.training,
      ...(result.dropped ? { dropped: result.dropped } : {}),
    });
  });

  app.delete(
    '/api/corpus/:index',
    { schema: { params: CorpusIndexParams, response: { 200: RemoveReply, ...errorReplies } } },
    async (req) => {
      return exhibit.removeExample(Number(req.params.index)); // resolves once saved
    },
  );

  // Registered before any '/api/corpus/:index' POST could be, and static routes win in find-my-way anyway.
  app.post('/api/corpus/reset', { schema: { response: { 200: ResetReply, ...errorReplies } } }, async () => {
    return exhibit.resetCorpus(); // resolves once saved
  });

  app.post('/api/corpus/forget-visitors', { schema: { response: { 200: ForgetReply, ...errorReplies } } }, async () => {
    return exhibit.forgetVisitors(); // resolves once saved
  });

  app.post(
    '/api/corpus/:index/keep',
    { schema: { params: CorpusIndexParams, response: { 200: KeepReply, ...errorReplies } } },
    async (req) => exhibit.keepExample(Number(req.params.index)), // resolves once saved
  );
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route a visitor uses (a press, "start again"): open to a kiosk's own screen; elsewhere guarded like every change. */
    visitorRoute?: boolean;
  }
}
