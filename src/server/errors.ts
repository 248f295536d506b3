/**
 * Every error the API answers is `{ error, message }`, where `error` is an NB_ERR_* code, and a
 * client's mistake is always a 4xx. NbErrors carry their own status (src/core/errors.ts); fastify's
 * own errors (validation, bad JSON, body too large, wrong media type, unknown route) are mapped here,
 * so no client mistake ever surfaces as fastify's default `{ statusCode, error: "Bad Request" }`.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isNbError, type ErrorCode } from '../core/errors.js';
import { describeSchemaErrors, type SchemaError } from '../core/schemaErrors.js';

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
    // A board not ready for a press is no server fault: the client is told when to try again.
    if (status >= 500 && !isNbError(err, 'NB_ERR_BOARD_NOT_READY')) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error, status }, body.message);
    if (isNbError(err) && err.retryAfterS !== undefined) reply.header('retry-after', String(err.retryAfterS));
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
