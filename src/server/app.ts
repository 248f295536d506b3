/**
 * `buildApp`: the fastify instance serving the HTTP API, the live event stream and the dashboard.
 * Building and listening are split (see listen.ts) so tests drive it with `app.inject`.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifySseModule, { type SSEPluginOptions } from '@fastify/sse';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyPluginAsync, type FastifyServerOptions } from 'fastify';
import { NbError } from '../core/errors.js';
import type { Exhibit } from '../runtime/exhibit.js';
import { ExhibitFeed } from '../runtime/exhibitFeed.js';
import { installBodyRules } from './bodies.js';
import { clientErrorHandler, frameworkErrorReply, installErrorHandlers } from './errors.js';
import { EventHub, type EventHubOptions } from './eventHub.js';
import { controlRoutes } from './routes/control.js';
import { eventRoutes } from './routes/events.js';
import { readRoutes } from './routes/read.js';
import { staticRoutes } from './routes/static.js';
import { refuseCrossOrigin } from './sameOrigin.js';
import { helmetOptions, isLoopbackHost, isLoopbackHostHeader } from './security.js';
import { requestTimeouts, serverTimeoutOptions, type RequestTimeouts } from './timeouts.js';
import { staffGate } from './staffGate.js';
import { checkStaffToken } from './staffToken.js';
import { TokenAttempts, type TokenAttemptsOptions } from './tokenAttempts.js';
import { SERVER_VERSION } from './version.js';

// Node's ESM default import of this CommonJS package is module.exports: the fastify-plugin-wrapped
// function (its own `.default` is the unwrapped one, whose onRoute hook would not see our routes).
const fastifySse = fastifySseModule as unknown as FastifyPluginAsync<SSEPluginOptions>;

export const DEFAULT_HOST = '127.0.0.1';
/** Every API body is a few numbers; 64 KiB is far more than any rig needs and still tiny. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface BuildAppOptions {
  exhibit: Exhibit;
  /** The address the server will listen on; anything but loopback turns the token check on. */
  host?: string;
  /** The staff token changes need when `host` is not loopback or on a kiosk (required then; src/server/staffToken.ts says what is refused). */
  token?: string | null;
  /**
   * A kiosk (`start --kiosk`): on loopback too, every change needs the token except what a visitor
   * does (a press, "start again from a random guess") from this machine's own screen, so the screen
   * visitors touch leads nowhere. Bound to the LAN as well, other machines need the token for those too.
   */
  staffTokenOnLoopback?: boolean;
  /** Failed token attempts allowed per client address (default 10 a minute; tests pass a clock). */
  tokenAttempts?: TokenAttemptsOptions;
  logger?: FastifyServerOptions['logger'];
  bodyLimit?: number;
  /** Presses per client per window; default 20 a second. */
  pressRateLimit?: { max: number; timeWindowMs: number };
  events?: EventHubOptions;
  /** How long a request's headers, and the whole request, may take to arrive (timeouts.ts). */
  timeouts?: Partial<RequestTimeouts>;
  version?: string;
}

export function buildApp(options: BuildAppOptions) {
  const { exhibit } = options;
  const host = options.host ?? DEFAULT_HOST;
  const remote = !isLoopbackHost(host);
  const kiosk = options.staffTokenOnLoopback === true;
  const token = options.token ?? null;
  if ((remote || kiosk) && !token) {
    throw new NbError(
      'NB_ERR_INVALID_ARGUMENT',
      remote
        ? `listening on ${host} lets other machines reach the controls: give a staff token or bind 127.0.0.1`
        : 'a kiosk keeps the controls for staff: give a staff token',
      { field: 'token' },
    );
  }
  if (token !== null) checkStaffToken(token, 'the token option');
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const timeouts = requestTimeouts(options.timeouts);

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    // Reject rather than repair: no "true" → true coercion, no silently dropped unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: true } },
    // A request that arrives slower than this is a stuck client, not a visitor.
    ...serverTimeoutOptions(timeouts),
    clientErrorHandler: clientErrorHandler(timeouts),
    frameworkErrors: frameworkErrorReply,
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandlers(app, bodyLimit);
  installBodyRules(app);
  if (!remote) {
    app.addHook('onRequest', async (request) => {
      if (!isLoopbackHostHeader(request.headers.host)) {
        throw new NbError('NB_ERR_UNAUTHORIZED', `this server answers only to localhost names, not "${request.headers.host ?? ''}"; start it with --host to serve a LAN`);
      }
    });
  }
  // Before every other check, so it covers the routes of every scope (control, story, corpus...).
  app.addHook('onRequest', refuseCrossOrigin);
  // JSON only: a text/plain body is what a cross-site form can send without a preflight.
  app.removeContentTypeParser('text/plain');
  // One numbering of the exhibit's events for the stream and GET /api/state, so a page compares them.
  const feed = new ExhibitFeed(exhibit);
  // Off loopback anyone may open the stream (EventSource sends no token): its log lines lose their paths.
  const hub = new EventHub(feed, { ...options.events, publicLog: remote });
  app.decorate('eventHub', hub);
  // app.close() waits for open connections, and an SSE stream never ends by itself.
  app.addHook('preClose', async () => {
    hub.close();
    feed.close();
  });

  void app.register(helmet, helmetOptions);
  void app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new NbError('NB_ERR_RATE_LIMITED', `too many presses from this client (at most ${context.max} a second); retry in ${context.after}`),
  });
  void app.register(fastifySse);
  if (token !== null && (remote || kiosk)) void app.register(staffGate, { token, attempts: new TokenAttempts(options.tokenAttempts) });
  void app.register(readRoutes, { exhibit, feed, version: options.version ?? SERVER_VERSION, publicProblems: remote });
  void app.register(controlRoutes, {
    exhibit,
    access: kiosk ? 'kiosk' : remote ? 'staff' : 'open',
    pressRateLimit: options.pressRateLimit ?? { max: 20, timeWindowMs: 1000 },
  });
  void app.register(eventRoutes, { feed, hub });
  void app.register(staticRoutes);
  return app;
}

export type NbApp = ReturnType<typeof buildApp>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The live stream's fan-out (client count, slow-client disconnects). */
    eventHub: EventHub;
  }
}
