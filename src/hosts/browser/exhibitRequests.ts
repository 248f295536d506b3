/**
 * The HTTP API's requests (docs/api.md), answered in the site's worker with no server: the same
 * method and path the pages' ExhibitClient sends, the same one call into the Exhibit that each route
 * of src/server/routes makes, the same reply and the same `{ error, message }` with the status an
 * NbError carries. The worker's carrier (dashboard/kit/workerClient.js) sends these, so the pages
 * run unchanged on both hosts. What only a network needs (the staff token, rate limits, origins)
 * has no meaning inside one browser tab: the site's console is its staff face.
 */
import { corpusToJson } from '../../core/corpusJson.js';
import { ERROR_TABLE, NbError, isNbError, type ErrorCode } from '../../core/errors.js';
import type { Exhibit } from '../../runtime/exhibit.js';
import type { ExhibitFeed } from '../../runtime/exhibitFeed.js';
import { checkPace } from '../../runtime/trainingRequest.js';

/** A request as the page sent it. */
export interface ExhibitRequest {
  method: string;
  path: string;
  body?: unknown;
}

/** The answer: the status the Node host would send and its JSON body. */
export interface ExhibitReply {
  status: number;
  body: unknown;
}

type Body = Record<string, unknown>;
type Route = (exhibit: Exhibit, body: Body, params: string[], feed: ExhibitFeed) => unknown;

function invalid(field: string, message: string): NbError {
  return new NbError('NB_ERR_INVALID_ARGUMENT', message, { field });
}

function indexParam(text: string | undefined): number {
  const index = Number(text);
  if (!Number.isInteger(index) || index < 0) throw invalid('index', `the example's index must be a whole number from 0 (got "${text}")`);
  return index;
}

/** Each route: method, a path pattern (its groups are the params), and the status of a success. */
const ROUTES: readonly [string, RegExp, number, Route][] = [
  ['GET', /^\/api\/health$/, 200, (e) => ({ ok: true, boards: { online: e.rig.boards.filter((b) => e.boardState(b).online).length, total: e.rig.boards.length } })],
  ['GET', /^\/api\/state$/, 200, (_e, _b, _p, feed) => feed.snapshot()],
  ['GET', /^\/api\/story$/, 200, (e) => e.story.state()],
  [
    'GET',
    /^\/api\/corpus$/,
    200,
    (e) => {
      const { inputSize, outputSize, examples } = corpusToJson(e.corpus);
      return { inputSize, outputSize, limit: e.rig.corpusLimit, examples: examples.map((x) => ({ ...x, source: e.lessons.sourceOf(x) })) };
    },
  ],
  [
    'POST',
    /^\/api\/inputs$/,
    200,
    (e, b) => {
      if (!Array.isArray(b.values)) throw invalid('values', 'values is required: one number per input node, e.g. { "values": [1, 0] }');
      return e.setInputs(b.values as number[]);
    },
  ],
  [
    'POST',
    /^\/api\/boards\/([^/]+)\/press$/,
    200,
    (e, b, [id]) => {
      const clicking = b.click === true;
      if (clicking === (b.pressed !== undefined)) {
        throw invalid(clicking ? 'click' : 'pressed', clicking ? 'send either pressed or click: true, not both' : 'pressed is required: true (push down) or false (let go); or send click: true for one press and release');
      }
      if (!clicking && typeof b.pressed !== 'boolean') throw invalid('pressed', 'pressed must be true or false');
      if (b.channel !== undefined && !Number.isInteger(b.channel)) throw invalid('channel', 'channel must be a whole number');
      const channel = b.channel as number | undefined;
      const on = clicking ? e.click(decodeURIComponent(id!), channel) : e.press(decodeURIComponent(id!), channel, b.pressed as boolean);
      return { ok: true, ...on, pressed: clicking ? false : b.pressed, ...(clicking ? { click: true } : {}) };
    },
  ],
  ['POST', /^\/api\/train$/, 202, (e, b) => e.train({ method: 'trial-and-error', ...b } as Parameters<Exhibit['train']>[0])],
  ['POST', /^\/api\/train\/restart$/, 202, (e) => e.restartFromRandomGuess()],
  ['POST', /^\/api\/train\/step$/, 200, (e) => e.step()],
  [
    'PUT',
    /^\/api\/train\/pace$/,
    200,
    (e, b) => {
      // Checked before the exhibit is asked, as the route's schema does: a bad pace is 400 even with no run going.
      return e.setPace(checkPace(b.pace as number));
    },
  ],
  ['DELETE', /^\/api\/train$/, 200, (e) => e.stopTraining()],
  ['POST', /^\/api\/corpus\/reset$/, 200, (e) => e.resetCorpus()],
  ['POST', /^\/api\/corpus\/forget-visitors$/, 200, (e) => e.forgetVisitors()],
  ['POST', /^\/api\/corpus\/(\d+)\/keep$/, 200, (e, _b, [i]) => e.keepExample(indexParam(i))],
  ['DELETE', /^\/api\/corpus\/([^/]+)$/, 200, (e, _b, [i]) => e.removeExample(indexParam(i))],
  ['POST', /^\/api\/story\/play$/, 200, (e) => e.playStory()],
  ['POST', /^\/api\/story\/stop$/, 200, (e) => e.stopStory()],
];

/** POST /api/corpus answers 201 when the example was added, 200 when it replaced or matched one. */
async function teach(exhibit: Exhibit, b: Body): Promise<ExhibitReply> {
  if (!Array.isArray(b.inputs) || !Array.isArray(b.targets)) throw invalid(Array.isArray(b.inputs) ? 'targets' : 'inputs', 'an example needs inputs and targets: arrays of numbers');
  const source = b.source === 'staff' ? 'staff' : 'visitor';
  const example = { inputs: b.inputs as number[], targets: b.targets as number[], ...(typeof b.label === 'string' ? { label: b.label } : {}) };
  const result = await exhibit.teach(example, source);
  return {
    status: result.outcome === 'added' ? 201 : 200,
    body: { outcome: result.outcome, index: result.index, size: result.size, training: result.training, ...(result.dropped ? { dropped: result.dropped } : {}) },
  };
}

/** `{ error, message }` and the status, as the Node host's error handler answers. */
export function errorReply(err: unknown): ExhibitReply {
  if (isNbError(err)) {
    return { status: err.status, body: { error: err.code, message: err.message, ...(err.field === undefined ? {} : { field: err.field }) } };
  }
  const code: ErrorCode = 'NB_ERR_INTERNAL';
  return { status: ERROR_TABLE[code].status, body: { error: code, message: `the exhibit failed: ${(err as Error)?.message ?? String(err)}` } };
}

/** Answers one request; never rejects (a refusal is a reply with its status). */
export async function answerRequest(exhibit: Exhibit, feed: ExhibitFeed, request: ExhibitRequest): Promise<ExhibitReply> {
  try {
    const path = request.path.split('?')[0] ?? request.path;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Body;
    if (request.method === 'POST' && path === '/api/corpus') return await teach(exhibit, body);
    for (const [method, pattern, status, route] of ROUTES) {
      const match = pattern.exec(path);
      if (match && method === request.method) return { status, body: (await route(exhibit, body, match.slice(1), feed)) ?? null };
    }
    throw new NbError('NB_ERR_NOT_FOUND', `no route ${request.method} ${path.slice(0, 200)}; see docs/api.md for the routes`);
  } catch (err) {
    return errorReply(err);
  }
}
