import {
  adminVersionsResponseSchema,
  anyModelManifestSchema,
  artifactSchema,
  auditEntrySchema,
  canaryShareRequestSchema,
  errorBodySchema,
  feedbackRequestSchema,
  feedbackResponseSchema,
  legacyErrorResponseSchema,
  legacyPredictResponseSchema,
  modelChannelsSchema,
  modelsListResponseSchema,
  modelVersionSchema,
  modelVersionsResponseSchema,
  predictJsonRequestSchema,
  predictResponseSchema,
  promoteRequestSchema,
  shadowRequestSchema,
  shadowSummaryResponseSchema,
  textPredictRequestSchema,
  textPredictResponseSchema,
  trainingCurvesSchema,
} from '@edgeml/shared';
import { z } from '@hono/zod-openapi';

/**
 * A shared schema named `name` as a component. zod gives a schema the prototype's methods when it
 * is made, so a shared schema made before @hono/zod-openapi added `.openapi()` lacks it: its clone has it.
 */
export function component<S extends z.ZodType>(name: string, schema: S): S {
  return schema.clone().openapi(name);
}

/** `GET /healthz`'s answer. */
export const healthSchema = z.object({
  status: z.literal('ok'),
  isolate: z.object({
    /** This isolate's onnxruntime-web WASM memory, bytes: the high-water mark of its sessions (0 before the first). */
    wasmMemoryBytes: z.number().int().nonnegative(),
  }),
});

/**
 * The wire schemas the routes use, each named as a component of the OpenAPI document (`$ref`
 * by that name wherever a route uses it).
 */
export const apiSchemas = {
  ErrorBody: component('ErrorBody', errorBodySchema),
  Health: component('Health', healthSchema),
  ModelsListResponse: component('ModelsListResponse', modelsListResponseSchema),
  AnyModelManifest: component('AnyModelManifest', anyModelManifestSchema),
  ModelVersionsResponse: component('ModelVersionsResponse', modelVersionsResponseSchema),
  TrainingCurves: component('TrainingCurves', trainingCurvesSchema),
  /** A predict body: pixels for an image model, `text`/`texts` for a text model (the model's task decides). */
  PredictAnyJsonRequest: z.union([predictJsonRequestSchema, textPredictRequestSchema]).openapi('PredictAnyJsonRequest'),
  PredictJsonRequest: component('PredictJsonRequest', predictJsonRequestSchema),
  PredictAnyResponse: z.union([predictResponseSchema, textPredictResponseSchema]).openapi('PredictAnyResponse'),
  LegacyPredictResponse: component('LegacyPredictResponse', legacyPredictResponseSchema),
  LegacyErrorResponse: component('LegacyErrorResponse', legacyErrorResponseSchema),
  ShadowSummaryResponse: component('ShadowSummaryResponse', shadowSummaryResponseSchema),
  FeedbackRequest: component('FeedbackRequest', feedbackRequestSchema),
  FeedbackResponse: component('FeedbackResponse', feedbackResponseSchema),
  ModelChannels: component('ModelChannels', modelChannelsSchema),
  AdminVersionsResponse: component('AdminVersionsResponse', adminVersionsResponseSchema),
  AuditResponse: z.object({ entries: z.array(auditEntrySchema) }).openapi('AuditResponse'),
  PromoteRequest: component('PromoteRequest', promoteRequestSchema),
  CanaryShareRequest: component('CanaryShareRequest', canaryShareRequestSchema),
  ShadowRequest: component('ShadowRequest', shadowRequestSchema),
  StoredArtifact: artifactSchema.pick({ key: true, bytes: true }).openapi('StoredArtifact'),
};

/** Path parameters. `name` stays any string: a name that is not a model answers 404 `model_not_found`, not 400. */
export const nameParam = z.string().openapi({ param: { name: 'name', in: 'path', description: 'model name' }, example: 'mnist' });
export const versionParam = z.string().openapi({ param: { name: 'version', in: 'path', description: 'a published version' }, example: '20261128T120000Z-abcdef12' });
/** Admin routes refuse a malformed version with 400 `validation_failed`. */
export const adminVersionParam = modelVersionSchema.clone().openapi({ param: { name: 'version', in: 'path', description: 'a version' }, example: '20261201T080000Z-9f8e7d6c' });
