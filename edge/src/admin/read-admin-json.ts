import { EdgeError } from '../errors/edge-error.ts';
import type { ParseSchema } from '../storage/read-json.ts';

/** Largest admin JSON body: a manifest or a channel change is a few KiB. */
const MAX_ADMIN_JSON_BYTES = 256 * 1024;

/** An admin request's JSON body, validated by `schema`: 400 `invalid_json` / `validation_failed`, 413 when too big. */
export async function readAdminJson<T>(request: Request, schema: ParseSchema<T>): Promise<T> {
  const text = await request.text();
  if (text.length > MAX_ADMIN_JSON_BYTES) throw new EdgeError('payload_too_large', `admin bodies are at most ${MAX_ADMIN_JSON_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EdgeError('invalid_json', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new EdgeError('validation_failed', parsed.error.message);
  return parsed.data;
}
