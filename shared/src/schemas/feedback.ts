import { z } from 'zod';
import { modelNameSchema, modelVersionSchema } from './manifest.ts';
import { pixelsSchema } from './predict.ts';

/** Most labelled examples one feedback request may carry (one R2 object per request). */
export const MAX_FEEDBACK_EXAMPLES = 64;

/** One labelled example: the input as sent to predict (JSON pixels) and the label it truly is. */
export const feedbackExampleSchema = z
  .object({
    pixels: pixelsSchema,
    /** `255` when values are 0-255 bytes, `1` when already scaled to [0, 1]. Default 255. */
    scale: z.union([z.literal(1), z.literal(255)]).optional(),
    label: z.string().min(1).max(64),
    /** The version that answered, when the client knows it. */
    version: modelVersionSchema.optional(),
  })
  .strict();
export type FeedbackExample = z.infer<typeof feedbackExampleSchema>;

/** `POST /v1/models/:name/feedback`. */
export const feedbackRequestSchema = z.object({ examples: z.array(feedbackExampleSchema).min(1).max(MAX_FEEDBACK_EXAMPLES) }).strict();
export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;

/** A stored batch: one request's examples, normalised to 0-255 pixels. */
export const feedbackBatchSchema = z.object({
  schemaVersion: z.literal(1),
  model: modelNameSchema,
  receivedAt: z.iso.datetime(),
  /** Who sent it: `token:{clientId}` or `anonymous:{hash of the address}`; absent in batches stored before credentials. */
  client: z.string().max(200).optional(),
  examples: z.array(feedbackExampleSchema.required({ scale: true })),
});
export type FeedbackBatch = z.infer<typeof feedbackBatchSchema>;

/** The 201 of a feedback request: the batch's id and UTC day, never its storage key. */
export const feedbackResponseSchema = z.object({
  id: z.string(),
  stored: z.number().int().nonnegative(),
  date: z.iso.date(),
  /** Examples this client may still send today. */
  remainingToday: z.number().int().nonnegative(),
});
export type FeedbackResponse = z.infer<typeof feedbackResponseSchema>;

/** Days of feedback the cron and the trainer read when a policy does not say. */
export const DEFAULT_FEEDBACK_DAYS = 7;

/**
 * When the scheduled check queues a retrain training job for a model
 * (`models/{name}/retrain-policy.json`), and what that job's request says.
 */
export const retrainPolicySchema = z.object({
  /** Queue a retrain job when production's accuracy on recent feedback falls below this. */
  minAccuracy: z.number().min(0).max(1),
  /** Feedback examples needed before accuracy is judged. */
  minExamples: z.number().int().positive().default(20),
  /** Queue one anyway when the model's newest training job is older than this (0: never on schedule). */
  everyHours: z.number().nonnegative().default(0),
  /** The job's `after.margin`: how much the challenger must beat the champion by on the job's test split. */
  margin: z.number().min(0).max(1).default(0),
  promoteTo: z.enum(['canary', 'production']).default('canary'),
  canaryPercent: z.number().min(0).max(100).default(10),
  /** UTC days of feedback (today included) the check judges on and a job trains on. */
  feedbackDays: z.number().int().min(1).max(90).default(DEFAULT_FEEDBACK_DAYS),
  /** Largest share of a retraining set that feedback may be: a flood of labels cannot outweigh the trusted data (read by the runner). */
  maxFeedbackShare: z.number().min(0).max(0.5).default(0.2),
});
export type RetrainPolicy = z.infer<typeof retrainPolicySchema>;
