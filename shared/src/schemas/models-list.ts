import { z } from 'zod';
import { modelManifestSchema, textModelManifestSchema } from './manifest.ts';

export const modelSummarySchema = z.object({
  name: z.string(),
  version: z.string(),
  task: z.union([modelManifestSchema.shape.task, textModelManifestSchema.shape.task]),
  labels: z.array(z.string()),
  metrics: modelManifestSchema.shape.metrics,
  createdAt: z.string(),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const modelsListResponseSchema = z.object({ models: z.array(modelSummarySchema) });
export type ModelsListResponse = z.infer<typeof modelsListResponseSchema>;
