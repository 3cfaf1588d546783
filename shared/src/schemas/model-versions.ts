import { z } from 'zod';
import { adminVersionSchema } from './admin.ts';
import { modelManifestSchema } from './manifest.ts';

/** A published version as the public API lists it: enough for the models page. */
export const modelVersionSummarySchema = z.object({
  version: z.string(),
  createdAt: z.string(),
  metrics: modelManifestSchema.shape.metrics,
  /** The channels serving it now; empty for a version that serves none. */
  channels: adminVersionSchema.shape.channels,
  /** Whether `GET /v1/models/{name}/versions/{version}/curves` has its training curves. */
  curves: z.boolean(),
});
export type ModelVersionSummary = z.infer<typeof modelVersionSummarySchema>;

/** `GET /v1/models/{name}/versions`: every version, newest first. */
export const modelVersionsResponseSchema = z.object({ name: z.string(), versions: z.array(modelVersionSummarySchema) });
export type ModelVersionsResponse = z.infer<typeof modelVersionsResponseSchema>;
