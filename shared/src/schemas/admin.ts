import { z } from 'zod';
import { modelVersionSchema } from './manifest.ts';

/** `POST /v1/admin/models/:name/promote`: point production (or the canary, with its share) at a version. */
export const promoteRequestSchema = z
  .object({
    version: modelVersionSchema,
    channel: z.enum(['production', 'canary', 'shadow']).default('production'),
    /** Share of traffic for `canary` and `shadow` (0-100); required for them, refused for production. */
    percent: z.number().min(0).max(100).optional(),
    /** Skip the worker's check that the version loads here (operators, size, golden vectors) before it is promoted. */
    force: z.boolean().optional(),
  })
  .strict()
  .refine((r) => (r.channel === 'production') === (r.percent === undefined), {
    message: 'give "percent" for the canary and shadow channels, and only for them',
  });
export type PromoteRequest = z.infer<typeof promoteRequestSchema>;

/** `PUT /v1/admin/models/:name/canary`: change the canary's share, or drop it with 0. */
export const canaryShareRequestSchema = z.object({ percent: z.number().min(0).max(100) }).strict();
export type CanaryShareRequest = z.infer<typeof canaryShareRequestSchema>;

/** One version in `GET /v1/admin/models/:name/versions`, with the channels it serves on. */
export const adminVersionSchema = z.object({
  version: modelVersionSchema,
  createdAt: z.iso.datetime().optional(),
  channels: z.array(z.enum(['production', 'canary', 'shadow', 'previous'])),
});
export type AdminVersion = z.infer<typeof adminVersionSchema>;

export const adminVersionsResponseSchema = z.object({
  name: z.string(),
  versions: z.array(adminVersionSchema),
});
export type AdminVersionsResponse = z.infer<typeof adminVersionsResponseSchema>;

/** One admin action, stored as its own R2 object so appending is a single atomic put. */
export const auditEntrySchema = z.object({
  at: z.iso.datetime(),
  action: z.enum(['promote', 'rollback', 'set-canary', 'set-shadow', 'clear-shadow', 'delete-version', 'upload-version']),
  model: z.string(),
  version: modelVersionSchema.optional(),
  /** Channels before and after, for actions that changed them. */
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
