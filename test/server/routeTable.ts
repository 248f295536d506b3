/**
 * The routes an app really registers, read from fastify's own route table (an onRoute hook added
 * before the app is ready), so a security test covers a route added tomorrow without anyone
 * remembering to list it.
 */
import type { NbApp } from '../../src/server/app.js';

export interface RegisteredRoute {
  method: string;
  /** The route as registered, e.g. `/api/boards/:id/press`. */
  path: string;
  /** A URL that reaches it: parameters filled with values that exist in the XOR test rig. */
  url: string;
}

/** Sample values for route parameters: a board of the XOR rig, the first corpus example. */
const PARAMS: Record<string, string> = { id: 'a0000001', index: '0' };

/**
 * Call right after buildApp, before ready(); the array fills as the app's plugins register their
 * routes. `params` replaces sample values (a test's own corpus index, say).
 */
export function recordRoutes(app: NbApp, params: Record<string, string> = {}): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const values = { ...PARAMS, ...params };
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const url = route.url.replace(/:(\w+)/g, (_, name: string) => {
        const value = values[name];
        if (value === undefined) throw new Error(`routeTable: no sample value for the parameter :${name} of ${route.url}; add one to PARAMS`);
        return value;
      });
      routes.push({ method, path: route.url, url });
    }
  });
  return routes;
}

/** The routes that can change something: every method but GET, HEAD and OPTIONS. */
export function changingRoutes(routes: readonly RegisteredRoute[]): RegisteredRoute[] {
  return routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
}
