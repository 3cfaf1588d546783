import { z } from 'zod';
import { modelNameSchema, modelVersionSchema } from './manifest.ts';

/**
 * The one small object per model that says which version serves. It is written last when
 * publishing and replaced whole, so a reader never follows it to a half-published version.
 */
export const modelChannelsSchema = z.object({
  schemaVersion: z.literal(1),
  name: modelNameSchema,
  production: modelVersionSchema,
  updatedAt: z.iso.datetime(),
});
export type ModelChannels = z.infer<typeof modelChannelsSchema>;
