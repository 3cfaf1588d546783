import {
  adminVersionsResponseSchema,
  anyModelManifestSchema,
  artifactSchema,
  auditEntrySchema,
  canaryShareRequestSchema,
  claimJobRequestSchema,
  completeJobRequestSchema,
  releaseJobRequestSchema,
  errorBodySchema,
  feedbackRequestSchema,
  feedbackResponseSchema,
  legacyErrorResponseSchema,
  legacyPredictResponseSchema,
  modelManifestSchema,
  modelChannelsSchema,
  modelsListResponseSchema,
  modelVersionsResponseSchema,
  predictJsonRequestSchema,
  predictResponseSchema,
  promoteRequestSchema,
  retrainJobSchema,
  shadowRequestSchema,
  shadowSummaryResponseSchema,
  textPredictRequestSchema,
  textPredictResponseSchema,
  trainingCurvesSchema,
} from '@edgeml/shared';
import { z } from 'zod';

/** `GET /healthz`'s answer. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  isolate: z.object({
    /** This isolate's onnxruntime-web WASM memory, bytes: the high-water mark of its sessions (0 before the first). */
    wasmMemoryBytes: z.number().int().nonnegative(),
  }),
});

/**
 * The wire schemas the OpenAPI document names as components, by component name. `io` says
 * whether the schema describes what clients send (`input`) or what the worker answers (`output`).
 */
export const apiSchemas = {
  ErrorBody: { schema: errorBodySchema, io: 'output' },
  Health: { schema: healthSchema, io: 'output' },
  ModelsListResponse: { schema: modelsListResponseSchema, io: 'output' },
  ModelManifest: { schema: modelManifestSchema, io: 'output' },
  AnyModelManifest: { schema: anyModelManifestSchema, io: 'output' },
  ModelVersionsResponse: { schema: modelVersionsResponseSchema, io: 'output' },
  TrainingCurves: { schema: trainingCurvesSchema, io: 'output' },
  PredictJsonRequest: { schema: predictJsonRequestSchema, io: 'input' },
  PredictResponse: { schema: predictResponseSchema, io: 'output' },
  /** A predict body: pixels for an image model, `text`/`texts` for a text model (the model's task decides). */
  PredictAnyJsonRequest: { schema: z.union([predictJsonRequestSchema, textPredictRequestSchema]), io: 'input' },
  PredictAnyResponse: { schema: z.union([predictResponseSchema, textPredictResponseSchema]), io: 'output' },
  LegacyPredictResponse: { schema: legacyPredictResponseSchema, io: 'output' },
  LegacyErrorResponse: { schema: legacyErrorResponseSchema, io: 'output' },
  ModelChannels: { schema: modelChannelsSchema, io: 'output' },
  AdminVersionsResponse: { schema: adminVersionsResponseSchema, io: 'output' },
  AuditResponse: { schema: z.object({ entries: z.array(auditEntrySchema) }), io: 'output' },
  PromoteRequest: { schema: promoteRequestSchema, io: 'input' },
  CanaryShareRequest: { schema: canaryShareRequestSchema, io: 'input' },
  ShadowRequest: { schema: shadowRequestSchema, io: 'input' },
  ShadowSummaryResponse: { schema: shadowSummaryResponseSchema, io: 'output' },
  Artifact: { schema: artifactSchema, io: 'output' },
  FeedbackRequest: { schema: feedbackRequestSchema, io: 'input' },
  FeedbackResponse: { schema: feedbackResponseSchema, io: 'output' },
  RetrainJob: { schema: retrainJobSchema, io: 'output' },
  RetrainJobsResponse: { schema: z.object({ jobs: z.array(retrainJobSchema) }), io: 'output' },
  ClaimJobRequest: { schema: claimJobRequestSchema, io: 'input' },
  CompleteJobRequest: { schema: completeJobRequestSchema, io: 'input' },
  ReleaseJobRequest: { schema: releaseJobRequestSchema, io: 'input' },
} as const satisfies Record<string, { schema: z.ZodType; io: 'input' | 'output' }>;

export type ApiSchemaName = keyof typeof apiSchemas;
