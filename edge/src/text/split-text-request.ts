import type { EdgeConfig } from '../config/read-config.ts';
import { EdgeError } from '../errors/edge-error.ts';
import { readBody } from '../http/read-body.ts';
import { clipInput } from '../errors/clip-input.ts';

/** A predict request that is text (`{ text }` / `{ texts }` JSON), or the request to parse as an image one. */
export type SplitRequest = { kind: 'text'; body: Record<string, unknown> } | { kind: 'other'; request: Request };

/**
 * Tells a text predict body from an image one by its JSON keys, reading the body once within the
 * size limit; a non-JSON request, or JSON without `text`/`texts`, goes on unread or re-wrapped.
 */
export async function splitTextRequest(request: Request, config: EdgeConfig): Promise<SplitRequest> {
  const mediaType = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return { kind: 'other', request };
  const bytes = await readBody(request, config.maxBodyBytes);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch (error) {
    throw new EdgeError('invalid_json', `the body is not valid JSON: ${clipInput((error as Error).message, 200)}`);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json) && ('text' in json || 'texts' in json)) {
    return { kind: 'text', body: json as Record<string, unknown> };
  }
  return { kind: 'other', request: new Request(request.url, { method: 'POST', headers: request.headers, body: bytes }) };
}
