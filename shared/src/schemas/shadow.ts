import { z } from 'zod';
import { modelVersionSchema } from './manifest.ts';

/** `PUT /v1/admin/models/:name/shadow`: point the shadow at `version` with a share, or change its share; 0 clears it. */
export const shadowRequestSchema = z
  .object({
    version: modelVersionSchema.optional(),
    percent: z.number().min(0).max(100),
  })
  .strict();
export type ShadowRequest = z.infer<typeof shadowRequestSchema>;

/**
 * One shadowed predict request, stored as its own R2 object (no read-modify-write, so concurrent
 * isolates never lose a count). Either the comparison of its rows or why the shadow failed.
 */
export const shadowRecordSchema = z.object({
  at: z.iso.datetime(),
  model: z.string(),
  shadowVersion: modelVersionSchema,
  /** The version whose answer the client got. */
  servedVersion: modelVersionSchema,
  /** Rows (images or texts) compared; 0 when the shadow failed. */
  rows: z.number().int().nonnegative(),
  /** Rows whose top-1 label was the same. */
  top1Agreements: z.number().int().nonnegative(),
  /** Sum and max over rows of max |Δp| across labels. */
  sumMaxDelta: z.number().nonnegative(),
  maxDelta: z.number().nonnegative(),
  /** The shadow's error, when it could not answer. */
  failure: z.string().optional(),
});
export type ShadowRecord = z.infer<typeof shadowRecordSchema>;

/** Agreement of one shadow version with one served version, over every record kept. */
export const shadowAgreementSchema = z.object({
  shadowVersion: modelVersionSchema,
  servedVersion: modelVersionSchema,
  /** Predict requests shadowed, and of those, the ones where the shadow failed. */
  requests: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
  /** Rows compared. */
  compared: z.number().int().nonnegative(),
  /** Share of compared rows with the same top-1 label; null when none were compared. */
  top1Agreement: z.number().min(0).max(1).nullable(),
  /** Mean and max over compared rows of max |Δp| across labels; null when none were compared. */
  meanMaxDelta: z.number().nonnegative().nullable(),
  maxDelta: z.number().nonnegative().nullable(),
  firstAt: z.iso.datetime(),
  lastAt: z.iso.datetime(),
});
export type ShadowAgreement = z.infer<typeof shadowAgreementSchema>;

/** `GET /v1/models/:name/shadow`: the shadow channel now and the agreement recorded so far. */
export const shadowSummaryResponseSchema = z.object({
  name: z.string(),
  shadow: z.object({ version: modelVersionSchema, percent: z.number().min(0).max(100) }).nullable(),
  agreements: z.array(shadowAgreementSchema),
  /** True when more records exist than one summary reads; the figures cover the oldest ones read. */
  truncated: z.boolean(),
});
export type ShadowSummaryResponse = z.infer<typeof shadowSummaryResponseSchema>;
