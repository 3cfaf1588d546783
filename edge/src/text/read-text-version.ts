import { modelVersionSchema } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { clipInput } from '../errors/clip-input.ts';

/** The version a text predict pins: `?version=` or the body's `version`; both given and different is `validation_failed`. */
export function readTextVersion(url: URL, bodyVersion: unknown): string | undefined {
  if (bodyVersion !== undefined && !modelVersionSchema.safeParse(bodyVersion).success) {
    throw new EdgeError('validation_failed', '"version" must be a version string such as 20261128T121500Z-3f9a1c');
  }
  const queryVersion = url.searchParams.get('version') ?? undefined;
  const body = bodyVersion as string | undefined;
  if (queryVersion !== undefined && body !== undefined && queryVersion !== body) {
    throw new EdgeError('validation_failed', `version ${clipInput(queryVersion)} in the query and ${clipInput(body)} in the body differ`);
  }
  return queryVersion ?? body;
}
