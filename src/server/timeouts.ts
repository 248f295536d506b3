/**
 * How long a request may take to arrive. A client that sends its headers or its body a byte at a
 * time holds a connection (a file descriptor, a parser) for as long as the server waits; a few
 * hundred of them would starve the API as surely as too many event streams.
 *
 * Node's HTTP server enforces `requestTimeout` and `headersTimeout`, but only when it looks, every
 * `connectionsCheckingInterval` (30 s by default): a 30 s bound became 55-90 s. The server here looks
 * every second, so each bound holds to within a second. Node answers a request cut this way with 408
 * (errors.ts words it) and closes the connection; one that has already had an answer on the same
 * connection is closed with no reply, as Node does.
 *
 * A live event stream is not cut: once its GET (which has no body) has arrived, the request is
 * complete and neither bound applies to the stream that follows.
 *
 * A keep-alive connection left idle after its answer holds a descriptor too: fastify keeps it 72 s
 * (for load balancers in front of busy sites), so a client that opens a thousand, asks once on each
 * and goes quiet could use them all up. Pages here ask again within a second or not for a long
 * time, so an idle connection is closed after `idleMs`.
 */
import type { ServerOptions } from 'node:http';
import { NbError } from '../core/errors.js';

export interface RequestTimeouts {
  /** The whole request, headers and body, from its first byte. */
  requestMs: number;
  /** The headers alone, from the request's first byte (also a connection that sends nothing). */
  headersMs: number;
  /** How often the server looks for requests past either bound. */
  checkEveryMs: number;
  /** A keep-alive connection with no request going is closed after this long. */
  idleMs: number;
}

export const DEFAULT_REQUEST_TIMEOUTS: RequestTimeouts = {
  // A body is at most 64 KiB: even a phone on poor Wi-Fi sends that in a few seconds.
  requestMs: 30_000,
  // Headers are one packet (< 1 KiB); 10 s covers three TCP retransmissions (1 + 2 + 4 s) and more.
  headersMs: 10_000,
  // Checking costs a walk over the open connections: nothing at a museum's scale.
  checkEveryMs: 1_000,
  // A page polling state asks again within a second; a new connection costs a handshake on the LAN.
  idleMs: 5_000,
};

/** The bounds with `overrides` applied, checked: whole milliseconds, headers within the request's bound. */
export function requestTimeouts(overrides: Partial<RequestTimeouts> = {}): RequestTimeouts {
  const timeouts = { ...DEFAULT_REQUEST_TIMEOUTS, ...overrides };
  for (const [name, value] of Object.entries(timeouts)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new NbError('NB_ERR_INVALID_ARGUMENT', `timeouts.${name} must be a whole number of milliseconds, at least 1, not ${String(value)}`, { field: `timeouts.${name}` });
    }
  }
  if (timeouts.headersMs > timeouts.requestMs) {
    throw new NbError('NB_ERR_INVALID_ARGUMENT', `timeouts.headersMs (${timeouts.headersMs}) must not be longer than timeouts.requestMs (${timeouts.requestMs}): the headers are part of the request`, {
      field: 'timeouts.headersMs',
    });
  }
  return timeouts;
}

/** fastify's options that carry the bounds to Node's HTTP server. */
export function serverTimeoutOptions(timeouts: RequestTimeouts): { requestTimeout: number; keepAliveTimeout: number; http: ServerOptions } {
  return {
    keepAliveTimeout: timeouts.idleMs,
    // fastify sets the server's requestTimeout from its own option, after creating it.
    requestTimeout: timeouts.requestMs,
    http: {
      requestTimeout: timeouts.requestMs,
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: timeouts.checkEveryMs,
    },
  };
}
