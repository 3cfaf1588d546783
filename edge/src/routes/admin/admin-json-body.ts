import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { EdgeError } from '../../errors/edge-error.ts';
import { readBody } from '../../http/read-body.ts';

/** Largest admin JSON body: a manifest or a channel change is a few KiB. */
const MAX_ADMIN_JSON_BYTES = 256 * 1024;

/**
 * Reads an admin route's JSON body within MAX_ADMIN_JSON_BYTES and parses it (400 `invalid_json`),
 * before the route's schema validates it: the validator then takes the parsed value from Hono's
 * body cache, so a body is never read unbounded.
 */
export const adminJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const body = await readBody(c.req.raw, MAX_ADMIN_JSON_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    throw new EdgeError('invalid_json', 'the body is not valid JSON');
  }
  c.req.bodyCache.json = Promise.resolve(json);
  await next();
};
