import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { EdgeError } from '../errors/edge-error.ts';

/**
 * Guards the admin API with the bearer token held in the `ADMIN_TOKEN` Worker secret: 401 without
 * a token, 403 with a wrong one. Both sides are hashed first so the comparison is constant-time
 * over equal lengths and leaks neither the token nor its length. With no secret set the admin API
 * is closed to everyone.
 */
export const requireAdminToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match) {
    c.header('www-authenticate', 'Bearer realm="edgeml-admin"');
    throw new EdgeError('unauthorized', 'the admin API needs "Authorization: Bearer <token>"');
  }
  const expected = c.env.ADMIN_TOKEN;
  if (!expected || !(await tokensEqual(match[1]!, expected))) throw new EdgeError('forbidden', 'the admin token is not valid');
  await next();
};

async function tokensEqual(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}
