import { datasetSchema, trainingJobRequestSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { checkJobFitsDataset } from './check-job-fits-dataset.ts';

const dataset = (task: 'image-classification' | 'text-classification') =>
  datasetSchema.parse({ schemaVersion: 1, id: 'ds-unit-test', name: 'd', builtin: false, task, rows: 4, labels: ['a', 'b'], classCounts: { a: 2, b: 2 }, problems: [], problemCount: 0 });

describe('checkJobFitsDataset', () => {
  const text = { task: 'text-classification', model: 'spam', dataset: 'ds-unit-test' } as const;
  const image = { task: 'image-classification', model: 'digits', dataset: 'ds-unit-test' } as const;

  it('takes a dataset of the job\'s task', () => {
    expect(() => checkJobFitsDataset(trainingJobRequestSchema.parse(text), dataset('text-classification'))).not.toThrow();
    expect(() => checkJobFitsDataset(trainingJobRequestSchema.parse(image), dataset('image-classification'))).not.toThrow();
  });

  it('refuses a dataset of the other task', () => {
    const request = trainingJobRequestSchema.parse(image);
    expect(() => checkJobFitsDataset(request, dataset('text-classification'))).toThrow('a image-classification job cannot train on it');
  });
});
