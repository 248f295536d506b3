/**
 * Who may do what: on the loopback address only this machine can reach the server, so the controls
 * are open; bound to any other address (a museum's LAN, 0.0.0.0) every route that changes something
 * needs the bearer token, so a visitor's phone can watch the dashboard but not retrain the exhibit.
 */
import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * helmet's options for a dashboard served over plain http on a LAN. Its default CSP carries
 * `upgrade-insecure-requests`, which makes a phone at http://192.168.x.y fetch every script over
 * https and fail (localhost is exempt, which is why it only breaks on the exhibit floor). HSTS and
 * COOP mean nothing over http but make browsers log warnings there, so they are off too.
 */
export const helmetOptions = {
  contentSecurityPolicy: {
    useDefaults: true,
    directives: {
      'upgrade-insecure-requests': null,
      'script-src': ["'self'"],
      'connect-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
    },
  },
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
} as const;

/**
 * On loopback the controls are open, so a web page elsewhere could try to reach them by pointing a
 * DNS name of its own at 127.0.0.1 (DNS rebinding). The browser then sends that name as Host: only
 * the loopback names are accepted.
 */
export function isLoopbackHostHeader(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d+$/, '');
  return isLoopbackHost(name);
}

/**
 * A request from a browser on this machine (a kiosk's own screen): its connection comes from a
 * loopback address and it names the server by a loopback name. The socket's address, not
 * `request.ip`, which a proxy header could set.
 */
export function isFromThisMachine(request: FastifyRequest): boolean {
  return isLoopbackHost(request.socket.remoteAddress ?? '') && isLoopbackHostHeader(request.headers.host);
}
