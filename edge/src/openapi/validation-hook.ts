import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { validationFailed } from '../errors/validation-failed.ts';

/** A request that fails its route's schemas is the one `validation_failed` error body, as any other. */
// The hook is shared by every route, whatever its schemas: `any` stands for each route's own input.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) throw validationFailed(`the request's ${result.target} does not match this route's schema`, result.error.issues);
};
