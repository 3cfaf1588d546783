import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { validationHook } from './validation-hook.ts';

/** A Hono app whose routes are their own OpenAPI operations (`app.openapi(createRoute(...), handler)`), validated with the one error body. */
export function createApiApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
