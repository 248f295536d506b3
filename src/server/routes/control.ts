/**
 * The routes that change something: inputs, presses, training, teaching. Registered in their own
 * scope so the staff-token check (when the server is reachable from the network, or on a kiosk)
 * guards exactly these and never the dashboard, the state or the event stream. Each route is its
 * schema and one call into the exhibit, which does the whole change (the story's hand-over, the
 * change, the save) and resolves once it is durable: a 2xx means the change is on disk (docs/api.md).
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
  NeuronsBody,
  NeuronsReply,
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

  app.post('/api/inputs', { schema: { body: InputsBody, response: { 200: TraceSchema, ...errorReplies } } }, async (req) => exhibit.setInputs(req.body.values));

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
      const pressedOn = clicking ? exhibit.click(id, channel) : exhibit.press(id, channel, pressed!);
      return { ok: true, ...pressedOn, pressed: clicking ? false : pressed!, ...(clicking ? { click: true } : {}) };
    },
  );

  app.post('/api/train', { schema: { body: TrainBody, response: { 202: TrainingStatusSchema, ...errorReplies } } }, async (req, reply) => {
    const { method = 'trial-and-error', ...rest } = req.body;
    return reply.code(202).send(await exhibit.train({ method, ...rest }));
  });

  // The visitor page's "Start again from a random guess": no options, so it is safe to leave open on a kiosk.
  app.post('/api/train/restart', { config: { visitorRoute: true }, schema: { response: { 202: TrainingStatusSchema, ...errorReplies } } }, async (_req, reply) => {
    return reply.code(202).send(await exhibit.restartFromRandomGuess());
  });

  // One try (the console's single step): its event goes out on the stream and the LEDs show it.
  app.post('/api/train/step', { schema: { response: { 200: TryEventSchema, ...errorReplies } } }, async () => exhibit.step());

  // Staff only (never a visitor route): what the exhibit runs is staff's to change; a visitor may only look (docs/api.md).
  app.put('/api/neurons', { schema: { body: NeuronsBody, response: { 200: NeuronsReply, ...errorReplies } } }, async (req) => exhibit.setNeuronModel(req.body.model));

  app.put('/api/train/pace', { schema: { body: PaceBody, response: { 200: TrainingStatusSchema, ...errorReplies } } }, async (req) =>
    exhibit.setPace(req.body.pace),
  );

  app.delete('/api/train', { schema: { response: { 200: TrainingStatusSchema, ...errorReplies } } }, async () => exhibit.stopTraining());

  app.post('/api/corpus', { schema: { body: ExampleSchema, response: { 200: TeachReply, 201: TeachReply, ...errorReplies } } }, async (req, reply) => {
    const { inputs, targets, label, source = 'visitor' } = req.body;
    const result = await exhibit.teach({ inputs, targets, ...(label === undefined ? {} : { label }) }, source);
    return reply.code(result.outcome === 'added' ? 201 : 200).send({
      outcome: result.outcome,
      index: result.index,
      size: result.size,
      training: result.training,
      ...(result.dropped ? { dropped: result.dropped } : {}),
    });
  });

  app.delete(
    '/api/corpus/:index',
    { schema: { params: CorpusIndexParams, response: { 200: RemoveReply, ...errorReplies } } },
    async (req) => exhibit.removeExample(Number(req.params.index)),
  );

  // Registered before any '/api/corpus/:index' POST could be, and static routes win in find-my-way anyway.
  app.post('/api/corpus/reset', { schema: { response: { 200: ResetReply, ...errorReplies } } }, async () => exhibit.resetCorpus());

  app.post('/api/corpus/forget-visitors', { schema: { response: { 200: ForgetReply, ...errorReplies } } }, async () => exhibit.forgetVisitors());

  app.post(
    '/api/corpus/:index/keep',
    { schema: { params: CorpusIndexParams, response: { 200: KeepReply, ...errorReplies } } },
    async (req) => exhibit.keepExample(Number(req.params.index)),
  );
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route a visitor uses (a press, "start again"): open to a kiosk's own screen; elsewhere guarded like every change. */
    visitorRoute?: boolean;
  }
}
