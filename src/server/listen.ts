/**
 * `startServer`: builds the app, listens, and wires graceful shutdown. On SIGINT/SIGTERM (or
 * `close()`): stop accepting connections, end the event streams, then `exhibit.stop()` (the boards
 * show their idle animation and the network is saved), then exit.
 */
import closeWithGrace from 'close-with-grace';
import { NbError } from '../core/errors.js';
import type { Exhibit } from '../runtime/exhibit.js';
import { buildApp, DEFAULT_HOST, type BuildAppOptions, type NbApp } from './app.js';
import { isLoopbackHost } from './security.js';
import { newStaffToken } from './staffToken.js';

export interface StartServerOptions extends Omit<BuildAppOptions, 'exhibit' | 'host' | 'token'> {
  exhibit: Exhibit;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Needed off loopback and on a kiosk; one is generated (and returned) when missing, for this run only (`neuroboard start` keeps its own in the data folder). */
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
  /** The staff token changes need, or null on loopback (not a kiosk). */
  token: string | null;
  /** Shuts down as a signal would, without exiting the process. Safe to call twice. */
  close(): Promise<void>;
}

/** Says why the address cannot be used and what to do, instead of a stack trace. */
function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new NbError(
      'NB_ERR_LISTEN',
      `${where} is in use: another neuroboard (or another program) is serving there. Stop it, or pick another port: --port 9000 (or PORT=9000 npm start).`,
      { field: 'port', cause: err },
    );
  }
  if (code === 'EACCES') {
    return new NbError('NB_ERR_LISTEN', `not allowed to listen on ${where} (ports below 1024 need root): use a port above 1024, such as --port 8080.`, { field: 'port', cause: err });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NbError(
      'NB_ERR_LISTEN',
      `${host} is not an address of this machine: use 127.0.0.1 (this machine only), 0.0.0.0 (the local network, with a token) or one of its own addresses.`,
      { field: 'host', cause: err },
    );
  }
  return err;
}

/** How long a shutdown waits for replies still being sent before it closes their connections. */
export const SHUTDOWN_DRAIN_MS = 2000;

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { exhibit, port = 8080, handleSignals = true, shutdownDelayMs = 10_000, ...rest } = options;
  const host = options.host ?? DEFAULT_HOST;
  const token = isLoopbackHost(host) && !rest.staffTokenOnLoopback ? null : (options.token ?? newStaffToken());
  const app = buildApp({ ...rest, exhibit, host, token });
  try {
    await app.listen({ host, port });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw listenError(err, host, port);
  }
  exhibit.start();

  let closing: Promise<void> | null = null;
  const shutdown = (): Promise<void> =>
    (closing ??= (async () => {
      // Replies being sent get a moment to finish; a client that stopped reading one (a phone gone
      // out of range) would hold the close for the keep-alive timeout, past close-with-grace's
      // delay, and the process would die before the exhibit saved.
      // A keep-alive connection whose reply has just finished is closed as soon as it is idle.
      const idle = setInterval(() => app.server.closeIdleConnections(), 100);
      const drained = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_DRAIN_MS);
      try {
        await app.close();
      } finally {
        clearInterval(idle);
        clearTimeout(drained);
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
