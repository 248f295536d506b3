/**
 * The pages: plain files from dashboard/ (the staff console, the visitor page and the kit they share),
 * and uPlot straight from its package, so the pages work on a LAN with no internet.
 *
 * Why the URLs mirror the folder (/console/…, /exhibit/…, /kit/…): the pages import the kit by
 * relative paths (`../../kit/dom.js`), which then name the same file on disk, on this server and on
 * any static host that copies the folder. Only the two addresses people type are short: `/` is the
 * console's page and `/exhibit` the visitor page.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { NbError, isNbError } from '../../core/errors.js';
import { PACKAGE_ROOT } from '../../hosts/node/paths.js';
import { notFoundMessage, requestWhere } from '../errors.js';

/** The pages' one home: console/, exhibit/ and kit/. */
export const DASHBOARD_DIR = join(PACKAGE_ROOT, 'dashboard');
/** The staff console (/). */
export const CONSOLE_DIR = join(DASHBOARD_DIR, 'console');
/** The visitor page (/exhibit): its plain files and language files, same CSP as the console. */
export const EXHIBIT_DIR = join(DASHBOARD_DIR, 'exhibit');
/** What both pages share (/kit/…): the DOM helper, the ExhibitClient, the network's geometry and colours. */
export const KIT_DIR = join(DASHBOARD_DIR, 'kit');
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
    // Short, so a restarted exhibit with new pages is seen at the next reload; ETags make reloads
    // cheap on a phone.
    maxAge: 60_000,
  });
  app.get('/', (_req, reply) => reply.sendFile('index.html', CONSOLE_DIR, { maxAge: 60_000 }));
  // The address printed and opened by `start --kiosk`, without the trailing slash.
  app.get('/exhibit', (_req, reply) => reply.sendFile('index.html', EXHIBIT_DIR, { maxAge: 60_000 }));
  await app.register(fastifyStatic, {
    root: UPLOT_DIR,
    prefix: '/vendor/uplot/',
    decorateReply: false,
    allowedPath: (path) => /^\/uPlot\.(esm\.js|min\.css)$/.test(path),
    maxAge: 3_600_000,
  });
};
