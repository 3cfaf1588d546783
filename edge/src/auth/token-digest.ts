/**
 * A bearer token's SHA-256. Tokens are compared as digests, never as strings: equal-length
 * digests make `timingSafeEqual` constant-time and leak neither a token nor its length.
 */
export async function tokenDigest(token: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
}

/**
 * Constant-time comparison of two digests; digests of different lengths are unequal. workerd's
 * `timingSafeEqual`; Node (unit tests) lacks it and gets an equivalent branch-free loop.
 */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const subtle = crypto.subtle as Partial<Pick<SubtleCrypto, 'timingSafeEqual'>>;
  if (subtle.timingSafeEqual) return subtle.timingSafeEqual.call(crypto.subtle, a, b);
  let difference = 0;
  for (let i = 0; i < a.byteLength; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** A bearer token's value from an `Authorization` header, or undefined when the header is not `Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  return header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
}
