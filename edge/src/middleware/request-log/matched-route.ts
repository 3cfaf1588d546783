import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import { UNMATCHED_ROUTE } from './request-record.ts';

/**
 * The pattern of the route that serves this request (`/v1/models/:name/predict`), not its path:
 * the first matched route that is not a wildcard middleware (`/*`, `/v1/*`). Taken from the
 * match, not from where the answer came from, so a request a middleware refused (429, 401) is
 * still counted under the route it asked for.
 */
export function matchedRoute(c: Context): string {
  return matchedRoutes(c).find((route) => !route.path.endsWith('*'))?.path ?? UNMATCHED_ROUTE;
}
