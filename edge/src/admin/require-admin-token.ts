import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { checkAdminToken } from './check-admin-token.ts';

/**
 * Guards the admin API with the bearer token held in the `ADMIN_TOKEN` Worker secret: 401 without
 * a token, 403 with a wrong one (compared as `checkAdminToken` does). With no secret set the admin
 * API is closed to everyone.
 */
export const requireAdminToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const check = await checkAdminToken(c.req.header('authorization'), c.env.ADMIN_TOKEN);
  if (check === 'missing') {
    c.header('www-authenticate', 'Bearer realm="edgeml-admin"');
    throw new EdgeError('unauthorized', 'the admin API needs "Authorization: Bearer <token>"');
  }
  if (check === 'invalid') throw new EdgeError('forbidden', 'the admin token is not valid');
  await next();
};
