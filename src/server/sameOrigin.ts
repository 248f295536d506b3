/**
 * Only this server's own pages may change the exhibit from a browser. Our JSON-only bodies stop
 * forms, but a POST with no body and no Content-Type (`navigator.sendBeacon(url)`, `fetch(url,
 * { method: 'POST', mode: 'no-cors' })`) needs no CORS preflight, so any web page a browser on the
 * exhibit's machine (or a staff phone) opens could reset the corpus or retrain the network on a
 * loopback exhibit, where the controls are open. Browsers say where such a request comes from:
 * `Origin` on every POST/PUT/DELETE, and `Sec-Fetch-Site`. A change whose Origin is not this
 * server (host:port as the request's Host names it), whose Origin is `null` (a sandboxed frame, a
 * file: page), or that the browser marks `cross-site`/`same-site` is refused with 403
 * NB_ERR_CROSS_ORIGIN before anything else runs (a refused request never counts as a wrong token).
 * A request with neither header (curl, scripts, `app.inject`) is not a browser's and passes.
 */
import type { FastifyRequest } from 'fastify';
import { NbError } from '../core/errors.js';

/** Methods that never change anything here; every other method is checked. */
const READING = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `host[:port]`, lowercased, with the scheme's default port left out, as the URL standard writes it. */
function normalHost(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host.toLowerCase();
  } catch {
    return null;
  }
}

/** Why a browser request is not this server's own page, or null when it is (or is no browser's). */
export function crossOriginReason(headers: FastifyRequest['headers']): string | null {
  const origin = headers.origin;
  const fetchSite = headers['sec-fetch-site'];
  if (origin !== undefined) {
    if (origin === 'null') return 'a page with no origin (Origin: null: a sandboxed frame or a local file)';
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return `a page whose Origin header "${origin.slice(0, 100)}" is not an address`;
    }
    const own = headers.host === undefined ? null : normalHost(url.protocol, headers.host);
    if (own === null || url.host.toLowerCase() !== own) return `a page at ${origin.slice(0, 200)}`;
  }
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return `a page on another site (Sec-Fetch-Site: ${fetchSite})`;
  return null;
}

/** The `onRequest` hook: refuses a change a page of another origin sent, before auth or parsing. */
export async function refuseCrossOrigin(request: FastifyRequest): Promise<void> {
  if (READING.has(request.method)) return;
  const from = crossOriginReason(request.headers);
  if (from === null) return;
  const path = (request.url.split('?')[0] ?? request.url).slice(0, 200);
  throw new NbError(
    'NB_ERR_CROSS_ORIGIN',
    `refused ${request.method} ${path}: it was sent by ${from}, and only this exhibit's own pages may change it. ` +
      `Use the console this server serves (http://${(request.headers.host ?? 'this server').slice(0, 100)}/), or call the API from a program (curl, a script), not from another web page`,
  );
}
