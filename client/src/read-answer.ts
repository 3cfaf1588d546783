import type { ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import { EdgeApiError } from './edge-api-error.ts';

/** What a typed answer holds when it succeeds. */
export type SuccessBody<R> = R extends ClientResponse<infer T, infer S, 'json'> ? (S extends SuccessStatusCode ? T : never) : never;

/** A typed answer's JSON when it is a 2xx, else its EdgeApiError; `operation` names the call in the message. */
export async function readAnswer<R extends ClientResponse<unknown, number, 'json'>>(response: R, operation: string): Promise<SuccessBody<R>> {
  if (!response.ok) throw await EdgeApiError.of(response, operation);
  return (await response.json()) as SuccessBody<R>;
}
