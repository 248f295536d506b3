/**
 * The staff token's check, for the routes that need it and for `/api/health` (which shows staff
 * the full text of its problems). @fastify/bearer-auth parses the header and compares in constant
 * time; its `rfc6749` mode takes the scheme in any case (`bearer`, `BEARER`), as RFC 7235 says
 * schemes are. In front of it, TokenAttempts: an address that sent too many wrong or missing tokens
 * is refused with 429 before its token is compared at all, so the token cannot be guessed.
 */
import bearerAuth from '@fastify/bearer-auth';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { NbError } from '../core/errors.js';
import type { TokenAttempts } from './tokenAttempts.js';

export interface StaffGateOptions {
  token: string;
  attempts: TokenAttempts;
}

export interface StaffGate {
  /** For an `onRequest` hook: passes with the right token, else throws 401 (or 429 for an address refused for now). */
  require(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /**
   * True when the request carries the right token. No Authorization header is no attempt (monitors
   * poll health without one); a wrong token counts like anywhere else, and a refused address is
   * not compared.
   */
  holds(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

/** What the 401 says: where the token is found, for staff who have not typed it yet. */
export const TOKEN_NEEDED_MESSAGE =
  'this change needs the staff token: send Authorization: Bearer <token>. neuroboard prints it when it starts ' +
  '(under systemd: journalctl -u neuroboard), and keeps the one it made in the file staff-token in its data folder';

function refusedForNow(reply: FastifyReply, waitMs: number): NbError {
  const seconds = Math.ceil(waitMs / 1000);
  reply.header('retry-after', String(seconds));
  return new NbError('NB_ERR_RATE_LIMITED', `too many wrong tokens from this address; try again in ${seconds} s`);
}

export const staffGate = fp<StaffGateOptions>(
  async (app: FastifyInstance, { token, attempts }) => {
    // addHook false: the routes decide (a kiosk leaves the visitor's routes open), and the failed
    // attempts are counted here, where the verifier's answer arrives.
    await app.register(bearerAuth, { keys: [token], addHook: false, specCompliance: 'rfc6749', verifyErrorLogLevel: 'info' });
    const verify = app.verifyBearerAuth!;
    /** Runs the comparison; counts a failure against the address. */
    const compare = (request: FastifyRequest, reply: FastifyReply): Promise<boolean> =>
      new Promise((resolve) =>
        verify(request, reply, (err) => {
          if (err) attempts.failed(request.ip);
          resolve(!err);
        }),
      );

    const gate: StaffGate = {
      async require(request, reply) {
        const wait = attempts.retryAfterMs(request.ip);
        if (wait > 0) throw refusedForNow(reply, wait);
        if (!(await compare(request, reply))) throw new NbError('NB_ERR_UNAUTHORIZED', TOKEN_NEEDED_MESSAGE);
      },
      async holds(request, reply) {
        if (request.headers.authorization === undefined || attempts.retryAfterMs(request.ip) > 0) return false;
        const ok = await compare(request, reply);
        // bearer-auth marks a reply it refuses 401; this one goes on to answer 200.
        if (!ok) reply.code(200);
        return ok;
      },
    };
    app.decorate('staffGate', gate);
  },
  { name: 'neuroboard-staff-gate' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** Present when the server has a staff token (off loopback, or a kiosk). */
    staffGate?: StaffGate;
  }
}
