import { describe, expect, it } from 'vitest';
import type { PredictRequest } from '../predict/predict-input.ts';
import { readPredictOptions } from './read-predict-options.ts';

const request: PredictRequest = { input: { kind: 'images', images: [] } };

describe('readPredictOptions', () => {
  it('reads version and topK from the query', () => {
    expect(readPredictOptions(new URL('http://x/?version=v1&topK=5'), request)).toEqual({ version: 'v1', topK: 5 });
  });

  it('takes them from the JSON body when the query has none', () => {
    expect(readPredictOptions(new URL('http://x/'), { ...request, version: 'v2', topK: 2 })).toEqual({ version: 'v2', topK: 2 });
  });

  it('refuses a version that differs between query and body, and a bad topK', () => {
    expect(() => readPredictOptions(new URL('http://x/?version=v1'), { ...request, version: 'v2' })).toThrow(/differ/);
    expect(() => readPredictOptions(new URL('http://x/?topK=0'), request)).toThrow(/topK/);
    expect(() => readPredictOptions(new URL('http://x/?topK=abc'), request)).toThrow(/topK/);
  });
});
