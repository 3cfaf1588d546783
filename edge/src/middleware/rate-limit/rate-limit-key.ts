import type { Context } from 'hono';
import { checkAdminToken } from '../../admin/check-admin-token.ts';
import type { AppEnv } from '../../app-env.ts';
import { clientAddress } from '../../http/client-address.ts';

/**
 * Whom a request is charged to: `admin` for a valid admin token (the only credential that proves
 * who is asking; `x-client-id` is anyone's to choose), else `ip:<address>` with IPv6 by /64, else
 * undefined when the request carries no usable client address. A wrong token counts as none, so
 * inventing tokens buys no fresh budget.
 */
export async function rateLimitKey(c: Context<AppEnv>): Promise<string | undefined> {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined && (await checkAdminToken(authorization, c.env.ADMIN_TOKEN)) === 'valid') return 'admin';
  const address = clientAddress(c.req.header('cf-connecting-ip'));
  return address === undefined ? undefined : `ip:${address}`;
}
