import { z } from 'zod';
import { modelNameSchema, modelVersionSchema } from './manifest.ts';

/** A challenger answering a share of live traffic: sticky per client key, `percent` of 0-100. */
export const canaryChannelSchema = z.object({
  version: modelVersionSchema,
  percent: z.number().min(0).max(100),
});
export type CanaryChannel = z.infer<typeof canaryChannelSchema>;

/** A challenger run in the background on a share of traffic; its answers are only compared, never returned. */
export const shadowChannelSchema = z.object({
  version: modelVersionSchema,
  percent: z.number().min(0).max(100),
});
export type ShadowChannel = z.infer<typeof shadowChannelSchema>;

/** Earlier production versions kept for rollback; older ones drop off the end. */
export const MAX_PREVIOUS = 20;

/**
 * The one small object per model that says which version serves. It is written last when
 * publishing and replaced whole, so a reader never follows it to a half-published version.
 * `canary`, `shadow` and `previous` are optional so objects written before they existed still parse.
 */
export const modelChannelsSchema = z.object({
  schemaVersion: z.literal(1),
  name: modelNameSchema,
  production: modelVersionSchema,
  canary: canaryChannelSchema.optional(),
  shadow: shadowChannelSchema.optional(),
  /** Earlier production versions, newest first: what a rollback returns to. */
  previous: z.array(modelVersionSchema).max(MAX_PREVIOUS).optional(),
  updatedAt: z.iso.datetime(),
});
export type ModelChannels = z.infer<typeof modelChannelsSchema>;
