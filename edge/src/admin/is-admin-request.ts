import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { checkAdminToken } from './check-admin-token.ts';

/** Whether a public route's request carries the valid admin token (it may then pin any version). */
export async function isAdminRequest(c: Context<AppEnv>): Promise<boolean> {
  return (await checkAdminToken(c.req.header('authorization'), c.env.ADMIN_TOKEN)) === 'valid';
}
