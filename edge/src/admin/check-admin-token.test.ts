import { beforeAll, describe, expect, it } from 'vitest';
import { checkAdminToken } from './check-admin-token.ts';

beforeAll(() => {
  // workerd's non-standard SubtleCrypto method, missing in Node: a plain comparison stands in for the test.
  if (!('timingSafeEqual' in crypto.subtle)) {
    const equal = (a: ArrayBuffer, b: ArrayBuffer) => a.byteLength === b.byteLength && new Uint8Array(a).every((byte, i) => byte === new Uint8Array(b)[i]);
    Object.defineProperty(crypto.subtle, 'timingSafeEqual', { value: equal });
  }
});

describe('checkAdminToken', () => {
  it('tells a missing, a wrong and the right bearer token apart', async () => {
    expect(await checkAdminToken(undefined, 'secret')).toBe('missing');
    expect(await checkAdminToken('Basic abc', 'secret')).toBe('missing');
    expect(await checkAdminToken('Bearer nope', 'secret')).toBe('invalid');
    expect(await checkAdminToken('bearer secret ', 'secret')).toBe('valid');
  });

  it('accepts no token when no secret is set', async () => {
    expect(await checkAdminToken('Bearer ', undefined)).toBe('missing');
    expect(await checkAdminToken('Bearer anything', undefined)).toBe('invalid');
    expect(await checkAdminToken('Bearer anything', '')).toBe('invalid');
  });
});
