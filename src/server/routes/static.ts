/**
 * The dashboard: plain files from dashboard/, and uPlot straight from its package, so the page works
 * on a LAN with no internet and there is no build step.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NbError, isNbError } from '../../core/errors.js';
import { PACKAGE_ROOT } from '../../hosts/node/paths.js';
import { notFoundMessage, requestWhere } from '../errors.js';

export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'dashboard');
/** The visitor page (/exhibit): its own plain files and language files, same CSP as the console. */
export const VISITOR_DIR = join(PACKAGE_ROOT, 'visitor');
/** node_modules/uplot/dist, wherever npm put it (hoisted or not). */
export const UPLOT_DIR = dirname(createRequire(import.meta.url).resolve('uplot'));

export const staticRoutes: FastifyPluginAsync = async (app) => {
  // What the file server refuses is, to whoever asked, a file that is not there: a path outside the
  // page folders (403 from `send`: `..`, `//etc/passwd`) or one that cannot name a file (400: a NUL
  // byte). Same answer as for any unknown address, so a probe learns nothing. Other errors go on to
  // the app's handler.
  app.setErrorHandler((err, request) => {
    const status = (err as { statusCode?: unknown }).statusCode;
    if (!isNbError(err) && (status === 400 || status === 403)) {
      throw new NbError('NB_ERR_NOT_FOUND', notFoundMessage(requestWhere(request.method, request.url)));
    }
    throw err;
  });
  await app.register(fastifyStatic, {
    root: DASHBOARD_DIR,
    prefix: '/',
    index: ['index.html'],
    // Short, so a restarted exhibit with a new dashboard is seen at the next reload; ETags make
    // reloads cheap on a phone.
    maxAge: 60_000,
  });
  await app.register(fastifyStatic, {
    root: VISITOR_DIR,
    prefix: '/exhibit/',
    decorateReply: false,
    index: ['index.html'],
    maxAge: 60_000,
  });
  // The address printed and opened by `start --kiosk`, without the trailing slash.
  app.get('/exhibit', (_req, reply) => reply.sendFile('index.html', VISITOR_DIR, { maxAge: 60_000 }));
  await app.register(fastifyStatic, {
    root: UPLOT_DIR,
    prefix: '/vendor/uplot/',
    decorateReply: false,
    allowedPath: (path) => /^\/uPlot\.(esm\.js|min\.css)$/.test(path),
    maxAge: 3_600_000,
  });
};
