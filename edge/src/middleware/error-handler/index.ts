import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { clipInput } from '../../errors/clip-input.ts';
import { describeError, type ErrorDescription } from '../../errors/describe-error.ts';

/** Every failure becomes one `{ error: { code, message, details? } }` body; our own faults are logged in full, shown generically. */
export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  const { status, body, headers } = logged(describeError(error), error, c);
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
  return c.json(body, status);
};

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  c.json({ error: { code: 'not_found', message: `no route for ${clipInput(c.req.method, 16)} ${clipInput(c.req.path)}` } }, 404);

/** Logs a 5xx's real cause (the body only says what kind of failure it was) and hands the description on. */
export function logged(description: ErrorDescription, error: unknown, c: Context<AppEnv>): ErrorDescription {
  if (description.internal) console.error(`${description.body.error.code} error on ${c.req.method} ${clipInput(c.req.path, 200)}:`, error);
  return description;
}
