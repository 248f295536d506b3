/**
 * Every error the API answers is `{ error, message }`, where `error` is an NB_ERR_* code, and a
 * client's mistake is always a 4xx. NbErrors carry their own status (src/core/errors.ts); fastify's
 * own errors (validation, body too large, wrong media type, unknown route, malformed URL) are mapped here,
 * so no client mistake ever surfaces as fastify's default `{ statusCode, error: "Bad Request" }`. So
 * are the errors Node's HTTP parser meets before fastify sees a request (a slow or malformed request,
 * headers too large): `clientErrorHandler`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maxHeaderSize, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isNbError, messageWithAdvice, type ErrorAdvice, type ErrorCode } from '../core/errors.js';
import { describeSchemaErrors, type SchemaError } from '../core/schemaErrors.js';
import type { RequestTimeouts } from './timeouts.js';

export type ServerErrorCode = ErrorCode;

export interface ErrorBody {
  error: ServerErrorCode;
  message: string;
  field?: string;
}

/** The code a bare HTTP status maps to when fastify or a plugin raised it. */
function codeForStatus(status: number): ServerErrorCode {
  switch (status) {
    case 401:
    case 403:
      return 'NB_ERR_UNAUTHORIZED';
    case 404:
      return 'NB_ERR_NOT_FOUND';
    case 409:
      return 'NB_ERR_CONFLICT';
    case 413:
      return 'NB_ERR_PAYLOAD_TOO_LARGE';
    case 415:
      return 'NB_ERR_UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'NB_ERR_RATE_LIMITED';
    default:
      return status >= 500 ? 'NB_ERR_INTERNAL' : 'NB_ERR_INVALID_ARGUMENT';
  }
}

/** Where a validation error is: `values[0]` in the body, `params.id`; the whole body is `body`. */
function fieldPath(context: string, path: string): string {
  if (path === '') return context;
  return context === 'body' ? path : `${context}.${path}`;
}

/** The schema and the value fastify checked, so an error can say what is allowed and what was sent. */
export interface ValidatedPart {
  schema?: unknown;
  data?: unknown;
}

/** What the reply to one request needs to know to word an error. */
export interface ErrorContext {
  /** The body limit, for the 413's message. */
  limitBytes: number;
  /** `GET /index.html`: the request, for messages that name it. */
  where: string;
  /** The schema and the value fastify checked, for a validation error. */
  validated?: (context: string) => ValidatedPart;
}

/** The request as a message names it: method and path, without the query, at most 200 characters. */
export function requestWhere(method: string, url: string): string {
  return `${method} ${(url.split('?')[0] ?? url).slice(0, 200)}`;
}

/** The not-found message: also for a path outside the page folders, which must look no different. */
export function notFoundMessage(where: string): string {
  return `no route ${where}; see docs/api.md for the routes`;
}

/** What the API adds to the runtime's errors: the route that helps next (the runtime names no route). */
export const API_ADVICE: readonly ErrorAdvice[] = [
  { code: 'NB_ERR_CORPUS_FULL', advice: 'DELETE /api/corpus/:index removes one' },
  { code: 'NB_ERR_NOT_FOUND', field: 'index', advice: 'GET /api/corpus lists them' },
  { code: 'NB_ERR_CONFLICT', field: 'index', advice: "GET /api/corpus shows each one's source" },
  { code: 'NB_ERR_CONFLICT', field: 'pace', advice: 'POST /api/train starts one' },
  { code: 'NB_ERR_SAVE_FAILED', advice: 'GET /api/health shows when saves work again' },
];

/** Turns any thrown error into a status and an `{ error, message }` body. */
export function toErrorReply(err: unknown, { limitBytes, where, validated = () => ({}) }: ErrorContext): { status: number; body: ErrorBody } {
  if (isNbError(err)) {
    return { status: err.status, body: { error: err.code, message: messageWithAdvice(err, API_ADVICE), ...(err.field ? { field: err.field } : {}) } };
  }
  const e = err as Partial<FastifyError> & { message?: string };
  if (e.validation) {
    // The formatter every schema error goes through (core/schemaErrors.ts): the field, what is allowed, the nearest known field.
    const context = e.validationContext ?? 'body';
    const { schema, data } = validated(context);
    const problems = describeSchemaErrors(e.validation as SchemaError[], schema, data);
    const first = problems[0] ?? { path: '', message: 'is not valid' };
    const where = fieldPath(context, first.path);
    const sentence = first.unknown ? `unknown field ${where}${first.suggestion ? `; did you mean ${first.suggestion}?` : ''}` : `${where} ${first.message}`;
    return {
      status: 400,
      body: {
        error: 'NB_ERR_INVALID_ARGUMENT',
        message: `${sentence}${sentence.endsWith('?') ? ' See' : '; see'} docs/api.md for this route's body`,
        field: where,
      },
    };
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: { error: 'NB_ERR_PAYLOAD_TOO_LARGE', message: `the request body is larger than ${limitBytes} bytes; send a smaller body` },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { error: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE', message: 'send the body as JSON with the header Content-Type: application/json' },
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        body: { error: 'NB_ERR_INVALID_ARGUMENT', message: 'the body is not as long as its Content-Length header says; send the body whole, with its own length' },
      };
    case 'FST_ERR_ROUTE_MISSING_CONTENT_TYPE':
      return {
        status: 400,
        body: { error: 'NB_ERR_INVALID_ARGUMENT', message: `${where} has no Content-Type: a ${where.split(' ')[0]} request must say what its body is; send Content-Type: application/json` },
      };
    // Raised by the router, before any route (frameworkErrors below).
    case 'FST_ERR_BAD_URL':
      return {
        status: 400,
        body: { error: 'NB_ERR_INVALID_ARGUMENT', message: `the URL of ${where} is malformed: each % must start a valid UTF-8 escape (such as %20); fix the URL` },
      };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return {
        status: 400,
        body: { error: 'NB_ERR_INVALID_ARGUMENT', message: `a part of the URL of ${where} is over 100 characters, longer than any board id or index; check the URL` },
      };
  }
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status >= 500) {
    return { status, body: { error: 'NB_ERR_INTERNAL', message: 'the server failed to answer this request; its log says why' } };
  }
  return { status, body: { error: codeForStatus(status), message: HTTP_MESSAGES[status]?.(where) ?? `${where}: ${e.message ?? 'bad request'}` } };
}

/**
 * Statuses a plugin raises with HTTP's own meaning, kept so a browser or a cache acts on them
 * (the static files' conditional and range requests); the message says it in words.
 */
const HTTP_MESSAGES: Record<number, (where: string) => string> = {
  412: (where) => `${where}: the file is not the version the request's If-Match or If-Unmodified-Since names (it changed); fetch it again without those headers`,
  416: (where) => `${where}: the byte range asked for (Range header) is outside the file; ask for a range within it, or for the whole file`,
};

/** fastify's `frameworkErrors`: the router's own refusals (a malformed URL, a parameter too long) in the same shape. */
export function frameworkErrorReply(err: Error, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = toErrorReply(err, { limitBytes: 0, where: requestWhere(request.method, request.url) });
  request.log.info({ code: body.error, status }, body.message);
  void reply.code(status).type('application/json; charset=utf-8').send(body);
}

/** Installs the error and not-found handlers on `app` (404s skip setErrorHandler, hence both). */
export function installErrorHandlers(app: FastifyInstance, limitBytes: number): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorReply(err, {
      limitBytes,
      where: requestWhere(request.method, request.url),
      validated: (context) => {
        const schemas = request.routeOptions.schema as Record<string, unknown> | undefined;
        const data = context === 'body' ? request.body : context === 'params' ? request.params : context === 'querystring' ? request.query : request.headers;
        return { schema: schemas?.[context], data };
      },
    });
    // A full event stream, or a board not ready for a press, is no server fault: one line, no stack.
    if (status >= 500 && !isNbError(err, 'NB_ERR_TOO_MANY_STREAMS') && !isNbError(err, 'NB_ERR_BOARD_NOT_READY')) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error, status }, body.message);
    if (isNbError(err) && err.retryAfterS !== undefined) reply.header('retry-after', String(err.retryAfterS));
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    return reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send({ error: 'NB_ERR_NOT_FOUND', message: notFoundMessage(requestWhere(request.method, request.url)) });
  });
}

/** The answer to a request Node's parser gave up on: too slow, not HTTP, headers too large. */
export function clientErrorReply(err: { code?: string }, timeouts: RequestTimeouts): { status: number; body: ErrorBody } {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        body: {
          error: 'NB_ERR_REQUEST_TIMEOUT',
          message: `the request arrived too slowly: its headers must arrive within ${timeouts.headersMs / 1000} s and all of it within ${timeouts.requestMs / 1000} s; send it again, all at once`,
        },
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: { error: 'NB_ERR_PAYLOAD_TOO_LARGE', message: `the request's headers are larger than ${maxHeaderSize} bytes; send fewer or shorter headers` },
      };
    default:
      return {
        status: 400,
        body: { error: 'NB_ERR_INVALID_ARGUMENT', message: `the request is not valid HTTP/1.1 (${err.code ?? 'unreadable'}), so it was not read; check the program that sent it` },
      };
  }
}

/**
 * fastify's `clientErrorHandler`: answers in the `{ error, message }` shape on the raw socket, then
 * closes it. Like Node, it answers only when no reply has started on that connection (writing into
 * a live event stream or a reply half sent would corrupt it).
 */
export function clientErrorHandler(timeouts: RequestTimeouts) {
  return function onClientError(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, body } = clientErrorReply(err, timeouts);
    this.log.info({ code: body.error, status }, body.message);
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const json = JSON.stringify(body);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
      );
    }
    socket.destroy(err);
  };
}
