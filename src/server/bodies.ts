/**
 * What request bodies the server takes, in one place:
 * - JSON, parsed here rather than by fastify's own parser. Both refuse a `__proto__` key and a
 *   `constructor` holding `prototype` (merged into an object, either could change how every object
 *   on the server behaves), but fastify's answers "not valid JSON" without a word of why; this one
 *   names the key and says to remove it.
 * - On a route that takes no body (its schema has none: the single step, the corpus reset, the
 *   story's play and stop, the DELETEs…), no body or an empty object `{}` (for clients that always
 *   send JSON); anything else is refused with a 400 naming what was sent, never silently ignored.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NbError, isNbError } from '../core/errors.js';

/** A key that, as an own property, could reach an object's prototype if a body were merged into one. */
function forbiddenKey(key: string, value: unknown): string | null {
  if (key === '__proto__') return '"__proto__"';
  if (key === 'constructor' && value !== null && typeof value === 'object' && Object.hasOwn(value, 'prototype')) return '"constructor" holding "prototype"';
  return null;
}

/** Parses a JSON body (a leading byte-order mark is allowed), refusing forbidden keys by name. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', 'the body is empty but Content-Type says JSON; send a JSON object such as {}');
  }
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, (key: string, value: unknown) => {
      const forbidden = forbiddenKey(key, value);
      if (forbidden) {
        throw new NbError(
          'NB_ERR_INVALID_ARGUMENT',
          `the body holds the key ${forbidden}, which is forbidden (it could reach the prototype of objects on the server); remove it and send the body again`,
          { field: key },
        );
      }
      return value;
    });
  } catch (err) {
    if (isNbError(err)) throw err;
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `the body is not valid JSON (${(err as Error).message}); send a JSON object`);
  }
}

/** What a body is, in words, for a message: `a list`, `the string "stop"`, `the number 5`. */
function describeBody(body: unknown): string {
  if (Array.isArray(body)) return 'a list';
  if (typeof body === 'string') return `the string ${JSON.stringify(body.length > 40 ? `${body.slice(0, 40)}…` : body)}`;
  if (typeof body === 'number') return `the number ${body}`;
  return String(body);
}

/** Refuses a body on a route whose schema takes none; no body and `{}` pass. */
async function refuseUnexpectedBody(request: FastifyRequest): Promise<void> {
  const { body } = request;
  if (body === undefined || request.is404) return;
  const schema = request.routeOptions.schema as { body?: unknown } | undefined;
  if (schema?.body !== undefined) return;
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const [field] = Object.keys(body);
    if (field === undefined) return;
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `unknown field ${field}: ${route} takes no body; send none (or {})`, { field });
  }
  throw new NbError('NB_ERR_INVALID_ARGUMENT', `${route} takes no body, but ${describeBody(body)} was sent; send none (or {})`);
}

/** Installs the JSON parser and the no-body rule on `app` (its routes and every plugin's). */
export function installBodyRules(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addHook('preValidation', refuseUnexpectedBody);
}
