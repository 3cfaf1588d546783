import { apiTokenSchema, sha256Hex, tokenKey } from '@edgeml/shared';
import { checkAdminToken } from '../admin/check-admin-token.ts';
import { bearerToken } from '../auth/token-digest.ts';
import { readJson } from '../storage/read-json.ts';
import type { Principal } from './principal.ts';

/**
 * The principal of an `Authorization: Bearer` header: the ADMIN_TOKEN secret (compared as digests),
 * or a scoped token found by its SHA-256 under `tokens/` (looking it up by digest is itself the
 * comparison: no token is stored). `missing` without a bearer token, `unknown` for any other.
 */
export async function authenticateToken(bucket: R2Bucket, authorization: string | undefined, adminToken: string | undefined): Promise<Principal | 'missing' | 'unknown'> {
  const token = bearerToken(authorization);
  if (token === undefined) return 'missing';
  if ((await checkAdminToken(authorization, adminToken)) === 'valid') return { name: 'admin', admin: true };
  const record = await readJson(bucket, tokenKey(await sha256Hex(new TextEncoder().encode(token))), apiTokenSchema, { onInvalid: 'skip' });
  return record ? { name: record.name, admin: false, scopes: record.scopes, limits: record.limits } : 'unknown';
}
