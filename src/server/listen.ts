/**
 * `startServer`: builds the app, listens, and wires graceful shutdown. On SIGINT/SIGTERM (or
 * `close()`): stop accepting connections, end the event streams, then `exhibit.stop()` (the boards
 * show their idle animation and the network is saved), then exit.
 */
import closeWithGrace from 'close-with-grace';
import { randomBytes } from 'node:crypto';
import type { Exhibit } from '../runtime/exhibit.js';
import { buildApp, DEFAULT_HOST, type BuildAppOptions, type NbApp } from './app.js';
import { isLoopbackHost } from './security.js';

export interface StartServerOptions extends Omit<BuildAppOptions, 'exhibit' | 'host' | 'token'> {
  exhibit: Exhibit;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Needed off loopback; one is generated (and returned) when missing. */
  token?: string | null;
  /** Install SIGINT/SIGTERM handlers that shut down and exit (default true; tests pass false). */
  handleSignals?: boolean;
  /** Longest a graceful shutdown may take before the process exits anyway. */
  shutdownDelayMs?: number;
}

export interface RunningServer {
  app: NbApp;
  /** Where the dashboard is, e.g. http://127.0.0.1:8080/ (with the LAN address when bound to all). */
  url: string;
  /** The token mutating routes need, or null on loopback. */
  token: string | null;
  /** Shuts down as a signal would, without exiting the process. Safe to call twice. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { exhibit, port = 8080, handleSignals = true, shutdownDelayMs = 10_000, ...rest } = options;
  const host = options.host ?? DEFAULT_HOST;
  const token = isLoopbackHost(host) ? null : (options.token ?? randomBytes(12).toString('base64url'));
  const app = buildApp({ ...rest, exhibit, host, token });
  await app.listen({ host, port });
  exhibit.start();

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      try {
        await app.close();
      } finally {
        await exhibit.stop();
      }
    })());

  const grace = handleSignals
    ? closeWithGrace({ delay: shutdownDelayMs, logger: { error: (m: unknown) => app.log.error(String(m)) } }, async ({ signal, err }) => {
        if (err) app.log.error({ err }, 'shutting down after an error');
        else app.log.info(`${signal ?? 'close'}: shutting down`);
        await shutdown();
      })
    : null;

  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    app,
    url: `http://${shownHost}:${actualPort}/`,
    token,
    async close() {
      grace?.uninstall();
      await shutdown();
    },
  };
}
