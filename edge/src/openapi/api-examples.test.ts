import { anyModelManifestSchema, errorBodySchema, predictJsonRequestSchema, textPredictRequestSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { apiExamples } from './api-examples.ts';
import { apiSchemas, healthSchema } from './api-schemas.ts';

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
      ['jobs', apiSchemas.RetrainJobsResponse, apiExamples.jobs],
      ['claimRequest', apiSchemas.ClaimJobRequest, apiExamples.claimRequest],
      ['completeRequest', apiSchemas.CompleteJobRequest, apiExamples.completeRequest],
      ['releaseRequest', apiSchemas.ReleaseJobRequest, apiExamples.releaseRequest],
      ['artifact', apiSchemas.StoredArtifact, apiExamples.artifact],
    ];
    for (const [name, schema, example] of checks) {
      const result = schema.safeParse(example);
      expect(result.success, `${name}: ${String(result.error)}`).toBe(true);
    }
    // So the check above can fail.
    expect(apiSchemas.ModelChannels.safeParse({ ...apiExamples.channels, production: '' }).success).toBe(false);
  });
});
