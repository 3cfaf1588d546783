import type { ApiToken } from '@edgeml/shared';

/** Who a training-API request comes from: the admin token (every scope, no limits) or a scoped token. */
export type Principal = { name: 'admin'; admin: true } | { name: string; admin: false; scopes: ApiToken['scopes']; limits: ApiToken['limits'] };

export type TokenScope = ApiToken['scopes'][number];

/** Whether `principal` may act with one of `scopes`. */
export function hasScope(principal: Principal, scopes: readonly TokenScope[]): boolean {
  return principal.admin || principal.scopes.some((scope) => scopes.includes(scope));
}
