import { describe, expect, it } from 'vitest';
import { trainingExamples } from './training-examples.ts';
import { trainingSchemas } from './training-schemas.ts';

describe('trainingExamples', () => {
  it('are real: each parses with the schema of what it shows', () => {
    const checks: [string, { safeParse(value: unknown): { success: boolean; error?: unknown } }, unknown][] = [
      ['dataset', trainingSchemas.Dataset, trainingExamples.dataset],
      ['datasets', trainingSchemas.DatasetsResponse, trainingExamples.datasets],
      ['jobRequest', trainingSchemas.TrainingJobRequest, trainingExamples.jobRequest],
      ['job', trainingSchemas.TrainingJob, trainingExamples.job],
      ['jobs', trainingSchemas.TrainingJobsResponse, trainingExamples.jobs],
      ['claimRequest', trainingSchemas.ClaimTrainingJobRequest, trainingExamples.claimRequest],
      ['eventsRequest', trainingSchemas.TrainingEventsRequest, trainingExamples.eventsRequest],
      ['publishingRequest', trainingSchemas.StartPublishingRequest, trainingExamples.publishingRequest],
      ['completeRequest', trainingSchemas.CompleteTrainingJobRequest, trainingExamples.completeRequest],
      ['releaseRequest', trainingSchemas.ReleaseTrainingJobRequest, trainingExamples.releaseRequest],
      ['tokenRequest', trainingSchemas.CreateTokenRequest, trainingExamples.tokenRequest],
      ['createdToken', trainingSchemas.CreatedToken, trainingExamples.createdToken],
      ['tokens', trainingSchemas.TokensResponse, trainingExamples.tokens],
    ];
    for (const [name, schema, example] of checks) {
      const result = schema.safeParse(example);
      expect(result.success, `${name}: ${String(result.error)}`).toBe(true);
    }
    // So the check above can fail.
    expect(trainingSchemas.TrainingJob.safeParse({ ...trainingExamples.job, status: 'paused' }).success).toBe(false);
  });
});
