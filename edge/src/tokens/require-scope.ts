import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { authenticateToken } from './authenticate-token.ts';
import { hasScope, type Principal, type TokenScope } from './principal.ts';

/**
 * Guards a training-API route: 401 `unauthorized` without a bearer token or with one that is
 * neither the admin token nor a scoped token, 403 `forbidden` when the token lacks every one of
 * `scopes`. Runs before the route's validators, so a stranger learns nothing about the body.
 */
export function requireScope(...scopes: TokenScope[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await authenticateToken(c.env.MODELS, c.req.header('authorization'), c.env.ADMIN_TOKEN);
    if (principal === 'missing' || principal === 'unknown') {
      c.header('www-authenticate', 'Bearer realm="edgeml"');
      throw new EdgeError('unauthorized', principal === 'missing' ? 'this route needs "Authorization: Bearer <token>"' : 'the token is not valid');
    }
    if (!hasScope(principal, scopes)) throw new EdgeError('forbidden', `the token "${principal.name}" lacks the ${scopes.join(' or ')} scope`, { scopes });
    c.set('principal', principal);
    await next();
  };
}

/** The principal `requireScope` authenticated (a route without it has none: a programming error). */
export function principalOf(c: Context<AppEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw new Error('requireScope did not run on this route');
  return principal;
}
