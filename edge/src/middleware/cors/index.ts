import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../../app-env.ts';

/**
 * CORS from the `ALLOWED_ORIGINS` var, so each environment (wrangler `[env.*]`) sets its own:
 * `*` allows any origin, otherwise only the listed ones get `Access-Control-Allow-Origin`.
 */
export const corsMiddleware: MiddlewareHandler<AppEnv> = (c, next) => {
  const { allowedOrigins } = c.var.config;
  if (allowedOrigins.length === 0) return next();
  const anyOrigin = allowedOrigins.includes('*');
  return cors({
    origin: (origin) => (anyOrigin ? '*' : allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type'],
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  })(c, next);
};
