import { datasetSchema, trainingJobRequestSchema, type TrainingJobRequestInput } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { checkJobFitsDataset } from './check-job-fits-dataset.ts';

const dataset = (task: 'image-classification' | 'text-classification') =>
  datasetSchema.parse({ schemaVersion: 1, id: 'ds-unit-test', name: 'd', builtin: false, task, rows: 4, labels: ['a', 'b'], classCounts: { a: 2, b: 2 }, problems: [], problemCount: 0 });

function refusal(input: TrainingJobRequestInput): string | undefined {
  const request = trainingJobRequestSchema.parse(input);
  try {
    checkJobFitsDataset(request, dataset(request.task));
  } catch (error) {
    if (error instanceof EdgeError && error.code === 'validation_failed') return error.message;
    throw error;
  }
  return undefined;
}

describe('checkJobFitsDataset', () => {
  const text = { task: 'text-classification', model: 'spam', dataset: 'ds-unit-test' } as const;
  const image = { task: 'image-classification', model: 'digits', dataset: 'ds-unit-test' } as const;

  it('refuses distil and prune on text jobs, naming each', () => {
    expect(refusal({ ...text, after: { distil: { architecture: 'pooled' } } })).toMatch(/^after\.distil: text jobs cannot be distilled or pruned/);
    expect(refusal({ ...text, after: { prune: { sparsity: 0.5 } } })).toMatch(/^after\.prune: text jobs/);
    expect(refusal({ ...text, after: { distil: { architecture: 'pooled' }, prune: { sparsity: 0.5 } } })).toMatch(/^after\.distil and after\.prune: /);
    expect(refusal({ ...text, after: { int8: true } })).toBeUndefined();
  });

  it('takes distil and prune on image jobs with an image student', () => {
    expect(refusal({ ...image, after: { distil: { architecture: 'small-cnn' }, prune: { sparsity: 0.5 } } })).toBeUndefined();
    expect(refusal({ ...image, after: { distil: { architecture: 'lstm' } } })).toContain('"lstm" is not a image-classification architecture');
  });

  it('refuses a dataset of the other task', () => {
    const request = trainingJobRequestSchema.parse(image);
    expect(() => checkJobFitsDataset(request, dataset('text-classification'))).toThrow('a image-classification job cannot train on it');
  });
});
