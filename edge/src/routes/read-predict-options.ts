import { EdgeError } from '../errors/edge-error.ts';
import type { PredictRequest } from '../predict/predict-input.ts';
import { clipInput } from '../errors/clip-input.ts';

/**
 * The version and top-k a predict request asks for: from `?version=` / `?topK=`, or from its
 * JSON body. Both given and different is a `validation_failed`.
 */
export function readPredictOptions(url: URL, request: PredictRequest): { version?: string; topK?: number } {
  const queryVersion = url.searchParams.get('version') ?? undefined;
  if (queryVersion !== undefined && request.version !== undefined && queryVersion !== request.version) {
    throw new EdgeError('validation_failed', `version ${clipInput(queryVersion)} in the query and ${clipInput(request.version)} in the body differ`);
  }
  const queryTopK = url.searchParams.get('topK');
  let topK = request.topK;
  if (queryTopK !== null) {
    const parsed = Number(queryTopK);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > 100) {
      throw new EdgeError('validation_failed', `topK must be an integer from 1 to 100, not "${clipInput(queryTopK)}"`);
    }
    topK = parsed;
  }
  return { version: queryVersion ?? request.version, topK };
}
