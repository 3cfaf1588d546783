import type { LegacyErrorResponse } from '@edgeml/shared';
import type { ErrorHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { describeError } from '../../errors/describe-error.ts';
import { logged } from '../error-handler/index.ts';

/** The primer's error shape for `POST /predict`: `{ error: "<message>", status: "error" }`, same statuses as elsewhere. */
export const legacyErrorHandler: ErrorHandler<AppEnv> = (error, c) => {
  const { status, body, headers } = logged(describeError(error), error, c);
  for (const [name, value] of Object.entries(headers ?? {})) c.header(name, value);
  const legacy: LegacyErrorResponse = { error: body.error.message, status: 'error' };
  return c.json(legacy, status);
};
