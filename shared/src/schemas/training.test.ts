import { describe, expect, it } from 'vitest';
import { trainingJobRequestSchema } from './training.ts';

describe('the job request schema', () => {
  const text = { task: 'text-classification', model: 'spam', dataset: 'ds-unit-test' } as const;
  const image = { task: 'image-classification', model: 'digits', dataset: 'ds-unit-test' } as const;
  const issues = (input: unknown) => trainingJobRequestSchema.safeParse(input).error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

  it('refuses distil and prune on text jobs, naming each key', () => {
    expect(issues({ ...text, after: { distil: { architecture: 'pooled' } } })).toEqual([{ path: 'after', message: 'Unrecognized key: "distil"' }]);
    expect(issues({ ...text, after: { distil: { architecture: 'pooled' }, prune: { sparsity: 0.5 } } })).toEqual([{ path: 'after', message: 'Unrecognized keys: "distil", "prune"' }]);
    expect(issues({ ...text, after: { int8: true } })).toBeUndefined();
  });

  it('takes distil and prune on image jobs with an image student only', () => {
    expect(issues({ ...image, after: { distil: { architecture: 'small-cnn', epochs: 2 }, prune: { sparsity: 0.5, epochs: 0 } } })).toBeUndefined();
    expect(issues({ ...image, after: { distil: { architecture: 'lstm' } } })).toEqual([{ path: 'after.distil.architecture', message: expect.stringContaining('"small-cnn"') }]);
  });
});
