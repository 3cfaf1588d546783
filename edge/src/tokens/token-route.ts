import { createRoute } from '@hono/zod-openapi';
import { adminJsonBody } from '../routes/admin/admin-json-body.ts';
import type { TokenScope } from './principal.ts';
import { requireScope } from './require-scope.ts';

/**
 * A training-API operation: a bearer token with one of `scopes` (or the admin token) checked
 * first, then a JSON body read within the admin JSON limit before its schema checks it.
 */
export function tokenRoute<const R extends Parameters<typeof createRoute>[0]>(scopes: TokenScope[], route: R) {
  const withJson = route.request?.body !== undefined && 'application/json' in (route.request.body.content ?? {});
  const guard = requireScope(...scopes);
  return createRoute({ ...route, security: [{ apiToken: [] }], middleware: withJson ? ([guard, adminJsonBody] as const) : ([guard] as const) });
}

/** The OpenAPI security scheme `tokenRoute` names, registered once on each app that mounts such routes. */
export const API_TOKEN_SCHEME = { type: 'http', scheme: 'bearer', description: 'the ADMIN_TOKEN secret, or a scoped token from POST /v1/admin/tokens' } as const;
