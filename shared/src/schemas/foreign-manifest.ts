import { z } from 'zod';
import { metricsSchema, modelManifestSchema, modelVersionSchema, textInputSpecSchema, textModelManifestSchema } from './manifest.ts';

/**
 * The manifest a user writes for an ONNX file made elsewhere (`trainer publish --onnx`): the
 * human fields of a published manifest. The trainer fills `artifacts` (sizes and sha256),
 * `createdAt`, the text vocabulary reference and, when absent, `version` (`schemaVersion` and
 * `metrics` may be left out). Strict, so a misspelt field is named rather than ignored.
 */
export const foreignImageManifestSchema = modelManifestSchema
  .omit({ artifacts: true, createdAt: true, version: true, variant: true, lineage: true })
  .extend({ schemaVersion: z.literal(1).default(1), version: modelVersionSchema.optional(), metrics: metricsSchema.default({}) })
  .strict();

export const foreignTextManifestSchema = textModelManifestSchema
  .omit({ artifacts: true, createdAt: true, version: true, variant: true, lineage: true, input: true })
  .extend({
    schemaVersion: z.literal(1).default(1),
    version: modelVersionSchema.optional(),
    metrics: metricsSchema.default({}),
    input: textInputSpecSchema.omit({ vocabulary: true }),
  })
  .strict();

export const foreignManifestSchema = z.discriminatedUnion('task', [foreignImageManifestSchema, foreignTextManifestSchema]);
export type ForeignManifest = z.infer<typeof foreignManifestSchema>;
