import { describe, expect, it } from 'vitest';
import { servedModel } from './served-model.ts';

describe('servedModel', () => {
  const manifest = { name: 'mnist', version: 'v2', labels: ['0', '1'] };

  it('takes the batch size and timing from the answer, and only the identity without one', () => {
    const answer = { predictions: [{}, {}, {}], timing: { preprocessMs: 1, inferenceMs: 2, totalMs: 4 } };
    expect(servedModel(manifest, answer, false)).toEqual({ model: 'mnist', version: 'v2', count: 3, timing: { preprocessMs: 1, inferenceMs: 2 }, coldLoad: false });
    expect(servedModel(manifest)).toEqual({ model: 'mnist', version: 'v2' });
  });
});
