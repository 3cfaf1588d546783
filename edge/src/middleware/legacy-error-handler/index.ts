import type { LegacyErrorResponse } from '@edgeml/shared';
import type { ErrorHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { describeError } from '../../errors/describe-error.ts';

/** The primer's error shape for `POST /predict`: `{ error: "<message>", status: "error" }`, same statuses as elsewhere. */
export const legacyErrorHandler: ErrorHandler<AppEnv> = (error, c) => {
  const { status, body, internal } = describeError(error);
  if (internal) console.error(`internal error on ${c.req.method} ${c.req.path}:`, error);
  const legacy: LegacyErrorResponse = { error: body.error.message, status: 'error' };
  return c.json(legacy, status);
};
