import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { readConfig } from '../../config/read-config.ts';

/** Reads the worker's vars once per request into `c.var.config`, for every route and middleware after it. */
export const edgeConfig: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('config', readConfig(c.env));
  await next();
};
