/**
 * Every error the API answers is `{ error, message }`, where `error` is an NB_ERR_* code, and a
 * client's mistake is always a 4xx. NbErrors carry their own status (src/core/errors.ts); fastify's
 * own errors (validation, bad JSON, body too large, wrong media type, unknown route) are mapped here,
 * so no client mistake ever surfaces as fastify's default `{ statusCode, error: "Bad Request" }`. So
 * are the errors Node's HTTP parser meets before fastify sees a request (a slow or malformed request,
 * headers too large): `clientErrorHandler`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maxHeaderSize, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isNbError, type ErrorCode } from '../core/errors.js';
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

/** Turns any thrown error into a status and an `{ error, message }` body. */
export function toErrorReply(err: unknown, limitBytes: number, validated: (context: string) => ValidatedPart = () => ({})): { status: number; body: ErrorBody } {
  if (isNbError(err)) {
    return { status: err.status, body: { error: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
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
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: { error: 'NB_ERR_INVALID_ARGUMENT', message: 'the body is empty but Content-Type says JSON; send a JSON object such as {}' },
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { error: 'NB_ERR_INVALID_ARGUMENT', message: `the body is not valid JSON: ${e.message ?? ''}` } };
  }
  if (e instanceof SyntaxError) {
    return { status: 400, body: { error: 'NB_ERR_INVALID_ARGUMENT', message: `the body is not valid JSON: ${e.message}` } };
  }
  const status = typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500;
  if (status >= 500) {
    return { status, body: { error: 'NB_ERR_INTERNAL', message: 'the server failed to answer this request; its log says why' } };
  }
  return { status, body: { error: codeForStatus(status), message: e.message ?? 'bad request' } };
}

/** Installs the error and not-found handlers on `app` (404s skip setErrorHandler, hence both). */
export function installErrorHandlers(app: FastifyInstance, limitBytes: number): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorReply(err, limitBytes, (context) => {
      const schemas = request.routeOptions.schema as Record<string, unknown> | undefined;
      const data = context === 'body' ? request.body : context === 'params' ? request.params : context === 'querystring' ? request.query : request.headers;
      return { schema: schemas?.[context], data };
    });
    // A full event stream is the clients' doing, not a fault: one line each, no stack.
    if (status >= 500 && body.error !== 'NB_ERR_TOO_MANY_STREAMS') request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error, status }, body.message);
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    return reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send({ error: 'NB_ERR_NOT_FOUND', message: `no route ${request.method} ${path.slice(0, 200)}; see docs/api.md for the routes` });
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
