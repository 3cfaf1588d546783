import { bearerToken, digestsEqual, tokenDigest } from '../auth/token-digest.ts';

/** What an `Authorization` header says about the admin token. */
export type AdminTokenCheck = 'missing' | 'invalid' | 'valid';

/**
 * Checks `Authorization: Bearer <token>` against the `ADMIN_TOKEN` secret, as digests (see
 * token-digest.ts). With no secret set no token is valid.
 */
export async function checkAdminToken(authorization: string | undefined, expected: string | undefined): Promise<AdminTokenCheck> {
  const given = bearerToken(authorization);
  if (given === undefined) return 'missing';
  if (!expected) return 'invalid';
  const [a, b] = await Promise.all([tokenDigest(given), tokenDigest(expected)]);
  return digestsEqual(a, b) ? 'valid' : 'invalid';
}
