import type { ErrorHandler, NotFoundHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { describeError } from '../../errors/describe-error.ts';

/** Every failure becomes one `{ error: { code, message, details? } }` body; internal faults are logged, never shown. */
export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  const { status, body, internal } = describeError(error);
  if (internal) console.error(`internal error on ${c.req.method} ${c.req.path}:`, error);
  return c.json(body, status);
};

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  c.json({ error: { code: 'not_found', message: `no route for ${c.req.method} ${c.req.path}` } }, 404);
