import { anyModelManifestSchema, errorBodySchema, predictJsonRequestSchema, textPredictRequestSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { apiExamples } from './api-examples.ts';
import { apiSchemas, healthSchema } from './api-schemas.ts';
import { trainingExamples } from './training-examples.ts';
import { trainingSchemas } from './training-schemas.ts';

describe('apiExamples', () => {
  it('are real: each parses with the schema of what it shows', () => {
    const checks: [string, { safeParse(value: unknown): { success: boolean; error?: unknown } }, unknown][] = [
      ['health', healthSchema, apiExamples.health],
      ['models', apiSchemas.ModelsListResponse, apiExamples.models],
      ['manifest', anyModelManifestSchema, apiExamples.manifest],
      ['versions', apiSchemas.ModelVersionsResponse, apiExamples.versions],
      ['curves', apiSchemas.TrainingCurves, apiExamples.curves],
      ['shadowSummary', apiSchemas.ShadowSummaryResponse, apiExamples.shadowSummary],
      ['pixelsRequest', predictJsonRequestSchema, apiExamples.pixelsRequest],
      ['textRequest', textPredictRequestSchema, apiExamples.textRequest],
      ['prediction', apiSchemas.PredictAnyResponse, apiExamples.prediction],
      ['textPrediction', apiSchemas.PredictAnyResponse, apiExamples.textPrediction],
      ['legacyPrediction', apiSchemas.LegacyPredictResponse, apiExamples.legacyPrediction],
      ['feedbackRequest', apiSchemas.FeedbackRequest, apiExamples.feedbackRequest],
      ['feedbackResponse', apiSchemas.FeedbackResponse, apiExamples.feedbackResponse],
      ['error', errorBodySchema, apiExamples.error],
      ['legacyError', apiSchemas.LegacyErrorResponse, apiExamples.legacyError],
      ['channels', apiSchemas.ModelChannels, apiExamples.channels],
      ['adminVersions', apiSchemas.AdminVersionsResponse, apiExamples.adminVersions],
      ['audit', apiSchemas.AuditResponse, apiExamples.audit],
      ['promoteRequest', apiSchemas.PromoteRequest, apiExamples.promoteRequest],
      ['canaryRequest', apiSchemas.CanaryShareRequest, apiExamples.canaryRequest],
      ['shadowRequest', apiSchemas.ShadowRequest, apiExamples.shadowRequest],
      ['artifact', apiSchemas.StoredArtifact, apiExamples.artifact],
      ['dataset', trainingSchemas.Dataset, trainingExamples.dataset],
      ['datasets', trainingSchemas.DatasetsResponse, trainingExamples.datasets],
      ['jobRequest', trainingSchemas.TrainingJobRequest, trainingExamples.jobRequest],
      ['trainingJob', trainingSchemas.TrainingJob, trainingExamples.job],
      ['trainingJobs', trainingSchemas.TrainingJobsResponse, trainingExamples.jobs],
      ['trainingClaimRequest', trainingSchemas.ClaimTrainingJobRequest, trainingExamples.claimRequest],
      ['eventsRequest', trainingSchemas.TrainingEventsRequest, trainingExamples.eventsRequest],
      ['publishingRequest', trainingSchemas.StartPublishingRequest, trainingExamples.publishingRequest],
      ['trainingCompleteRequest', trainingSchemas.CompleteTrainingJobRequest, trainingExamples.completeRequest],
      ['trainingReleaseRequest', trainingSchemas.ReleaseTrainingJobRequest, trainingExamples.releaseRequest],
      ['tokenRequest', trainingSchemas.CreateTokenRequest, trainingExamples.tokenRequest],
      ['createdToken', trainingSchemas.CreatedToken, trainingExamples.createdToken],
      ['tokens', trainingSchemas.TokensResponse, trainingExamples.tokens],
    ];
    for (const [name, schema, example] of checks) {
      const result = schema.safeParse(example);
      expect(result.success, `${name}: ${String(result.error)}`).toBe(true);
    }
    // So the check above can fail.
    expect(apiSchemas.ModelChannels.safeParse({ ...apiExamples.channels, production: '' }).success).toBe(false);
    expect(trainingSchemas.TrainingJob.safeParse({ ...trainingExamples.job, status: 'paused' }).success).toBe(false);
  });
});
