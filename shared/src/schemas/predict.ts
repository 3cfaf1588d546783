import { z } from 'zod';
import { modelVersionSchema } from './manifest.ts';

/** Largest batch accepted by one predict request. */
export const MAX_PREDICT_BATCH = 64;

const finitePixel = z.number().refine(Number.isFinite, 'pixels must be finite numbers');
export const pixelsSchema = z.array(finitePixel);

/**
 * JSON predict body: one image as `pixels` (row-major, size×size grey values in [0, 255]
 * or [0, 1] as given by `scale`) or a batch as `instances`.
 */
export const predictJsonRequestSchema = z
  .object({
    pixels: pixelsSchema.optional(),
    instances: z.array(z.object({ pixels: pixelsSchema }).strict()).min(1).max(MAX_PREDICT_BATCH).optional(),
    /** `255` when values are 0-255 bytes, `1` when already scaled to [0, 1]. Default 255. */
    scale: z.union([z.literal(1), z.literal(255)]).optional(),
    /** How many top classes to return per image (default 3). */
    topK: z.number().int().min(1).max(100).optional(),
    version: modelVersionSchema.optional(),
  })
  .strict()
  .refine((b) => (b.pixels === undefined) !== (b.instances === undefined), {
    message: 'give exactly one of "pixels" (one image) or "instances" (a batch)',
  });
export type PredictJsonRequest = z.infer<typeof predictJsonRequestSchema>;

export const topPredictionSchema = z.object({
  label: z.string(),
  index: z.number().int().nonnegative(),
  confidence: z.number().min(0).max(1),
});
export type TopPrediction = z.infer<typeof topPredictionSchema>;

export const predictionSchema = z.object({
  label: z.string(),
  index: z.number().int().nonnegative(),
  confidence: z.number().min(0).max(1),
  top: z.array(topPredictionSchema).min(1),
  probabilities: z.array(z.number().min(0).max(1)),
});
export type Prediction = z.infer<typeof predictionSchema>;

export const predictResponseSchema = z.object({
  model: z.string(),
  version: modelVersionSchema,
  predictions: z.array(predictionSchema).min(1),
  timing: z.object({
    preprocessMs: z.number().nonnegative(),
    inferenceMs: z.number().nonnegative(),
    totalMs: z.number().nonnegative(),
  }),
});
export type PredictResponse = z.infer<typeof predictResponseSchema>;

/** The primer's `/predict` answer shape. */
export const legacyPredictResponseSchema = z.object({
  predicted_class: z.number().int().nonnegative(),
  confidence: z.number().min(0).max(1),
  status: z.literal('success'),
});
export type LegacyPredictResponse = z.infer<typeof legacyPredictResponseSchema>;

export const legacyErrorResponseSchema = z.object({
  error: z.string(),
  status: z.literal('error'),
});
export type LegacyErrorResponse = z.infer<typeof legacyErrorResponseSchema>;

/** JSON predict body for text models: one `text` or a batch of `texts`. */
export const textPredictRequestSchema = z
  .object({
    text: z.unknown().optional(),
    texts: z.unknown().optional(),
    version: modelVersionSchema.optional(),
  })
  .strict();
export type TextPredictRequest = z.infer<typeof textPredictRequestSchema>;

/** How many unknown or cut-off words a text prediction names: enough to see why, small beside the answer. */
export const TEXT_WORDS_SHOWN = 20;

export const textPredictionSchema = z.object({
  label: z.string(),
  confidence: z.number().min(0).max(1),
  /** Every label's probability, by label. */
  probabilities: z.record(z.string(), z.number().min(0).max(1)),
  /** Tokens the model saw (after truncation) and how many were not in the vocabulary. */
  tokens: z.number().int().nonnegative(),
  unknownTokens: z.number().int().nonnegative(),
  truncated: z.boolean(),
  /** The words read as `<unk>`, each once, in order (the first TEXT_WORDS_SHOWN). */
  unknownWords: z.array(z.string()).max(TEXT_WORDS_SHOWN),
  /** The first words cut off after `maxLength` tokens (at most TEXT_WORDS_SHOWN), which the model did not see. */
  truncatedWords: z.array(z.string()).max(TEXT_WORDS_SHOWN),
});
export type TextPrediction = z.infer<typeof textPredictionSchema>;

export const textPredictResponseSchema = z.object({
  model: z.string(),
  version: modelVersionSchema,
  predictions: z.array(textPredictionSchema).min(1),
  timing: predictResponseSchema.shape.timing,
});
export type TextPredictResponse = z.infer<typeof textPredictResponseSchema>;
