import { MAX_DATASET_BYTES, MAX_FEEDBACK_EXAMPLES, MAX_PREDICT_BATCH, modelNameSchema } from '@edgeml/shared';

export interface EdgeConfig {
  /** The model `POST /predict` serves. */
  defaultModel: string;
  /** Largest request body read, in bytes. */
  maxBodyBytes: number;
  /** Largest ONNX artifact loaded, in bytes. */
  maxModelBytes: number;
  /** Largest dataset upload, in bytes (never more than the wire contract's MAX_DATASET_BYTES). */
  maxDatasetBytes: number;
  /** Most images in one predict request (never more than the wire contract's MAX_PREDICT_BATCH). */
  maxBatch: number;
  /** Longest text a text model accepts, in characters. */
  maxTextChars: number;
  /** Per image decoded: longest side and width × height, checked from its header. */
  maxImageSide: number;
  maxImagePixels: number;
  /** Sum of width × height over a request's images (16-bit PNGs and progressive JPEGs twice), checked from their headers before any is decoded. */
  maxRequestPixels: number;
  /** Origins allowed to call the API from a browser: exact origins, or `*` for any; empty for none. */
  allowedOrigins: string[];
  /** The RATE_LIMITER binding's units (requests, images, texts) per client per `rateLimitPeriodSeconds`, as configured there; 0 turns the limit off. */
  rateLimitRequests: number;
  /** The binding's period: 10 or 60 s. */
  rateLimitPeriodSeconds: number;
  /** Refuse requests with no client address (and no admin token) instead of limiting them as one `unknown` client. */
  requireClientAddress: boolean;
  /** How long an isolate keeps a model's channels.json before reading it again, in ms; 0 reads it on every request. */
  channelsCacheMs: number;
  /** `POST /v1/models/:name/feedback`: who may send it and how much (edge/src/feedback/). */
  feedback: FeedbackConfig;
}

export interface FeedbackConfig {
  /** Feedback without a FEEDBACK_TOKENS token, keyed by client address (IPv6 by /64); off unless "on". */
  anonymous: boolean;
  /** Most examples in one request (never more than the wire contract's MAX_FEEDBACK_EXAMPLES). */
  maxExamples: number;
  /** Largest feedback body, in bytes (never more than maxBodyBytes). */
  maxBytes: number;
  /** Examples one token client may send per UTC day, and one anonymous address. */
  dailyExamples: number;
  anonymousDailyExamples: number;
}

export const DEFAULT_CONFIG: EdgeConfig = {
  defaultModel: 'mnist',
  maxBodyBytes: 4 * 2 ** 20,
  maxModelBytes: 32 * 2 ** 20,
  maxDatasetBytes: MAX_DATASET_BYTES,
  maxBatch: MAX_PREDICT_BATCH,
  maxTextChars: 2048,
  // A digit needs far fewer pixels; 2 Mi keeps one decoded JPEG (~20 bytes a pixel while decoding) well inside 128 MB.
  maxImageSide: 4096,
  maxImagePixels: 2 ** 21,
  // `npm run bench:decode`: the worst class (16-bit RGBA PNG) costs ~0.3 µs a weighted pixel in Node,
  // so a request within 2 Mi weighted pixels costs at most ~0.65 s of decode and preprocessing CPU
  // (~0.5 s measured in workerd by `npm run bench -- --only abuse`): one photo a request, since a
  // heavy request holds its isolate, and every request sharing it waits, for that long.
  maxRequestPixels: 2 ** 21,
  allowedOrigins: [],
  rateLimitRequests: 3000,
  rateLimitPeriodSeconds: 60,
  requireClientAddress: false,
  channelsCacheMs: 2000,
  feedback: { anonymous: false, maxExamples: MAX_FEEDBACK_EXAMPLES, maxBytes: 512 * 2 ** 10, dailyExamples: 2000, anonymousDailyExamples: 100 },
};

/** The worker's vars as numbers, each falling back to its default when unset or not a positive integer. */
export function readConfig(env: Partial<Record<keyof Env, unknown>>): EdgeConfig {
  const defaultModel = modelNameSchema.safeParse(env.DEFAULT_MODEL);
  const maxBodyBytes = positiveInteger(env.MAX_BODY_BYTES) ?? DEFAULT_CONFIG.maxBodyBytes;
  const feedback = DEFAULT_CONFIG.feedback;
  return {
    defaultModel: defaultModel.success ? defaultModel.data : DEFAULT_CONFIG.defaultModel,
    maxBodyBytes,
    maxModelBytes: positiveInteger(env.MAX_MODEL_BYTES) ?? DEFAULT_CONFIG.maxModelBytes,
    maxDatasetBytes: Math.min(positiveInteger(env.MAX_DATASET_BYTES) ?? DEFAULT_CONFIG.maxDatasetBytes, MAX_DATASET_BYTES),
    maxBatch: Math.min(positiveInteger(env.MAX_BATCH) ?? DEFAULT_CONFIG.maxBatch, MAX_PREDICT_BATCH),
    maxTextChars: positiveInteger(env.MAX_TEXT_CHARS) ?? DEFAULT_CONFIG.maxTextChars,
    maxImageSide: positiveInteger(env.MAX_IMAGE_SIDE) ?? DEFAULT_CONFIG.maxImageSide,
    maxImagePixels: positiveInteger(env.MAX_IMAGE_PIXELS) ?? DEFAULT_CONFIG.maxImagePixels,
    maxRequestPixels: positiveInteger(env.MAX_REQUEST_PIXELS) ?? DEFAULT_CONFIG.maxRequestPixels,
    allowedOrigins: originList(env.ALLOWED_ORIGINS) ?? DEFAULT_CONFIG.allowedOrigins,
    rateLimitRequests: env.RATE_LIMIT_REQUESTS === '0' || env.RATE_LIMIT_REQUESTS === 0 ? 0 : (positiveInteger(env.RATE_LIMIT_REQUESTS) ?? DEFAULT_CONFIG.rateLimitRequests),
    // The binding only counts over 10 or 60 s.
    rateLimitPeriodSeconds: positiveInteger(env.RATE_LIMIT_PERIOD_SECONDS) === 10 ? 10 : 60,
    // Only the exact word turns it on, as FEEDBACK_ANONYMOUS.
    requireClientAddress: env.REQUIRE_CLIENT_ADDRESS === 'on',
    // At most a minute: a promotion or rollback made elsewhere must reach every isolate soon.
    channelsCacheMs: env.CHANNELS_CACHE_MS === '0' || env.CHANNELS_CACHE_MS === 0 ? 0 : Math.min(positiveInteger(env.CHANNELS_CACHE_MS) ?? DEFAULT_CONFIG.channelsCacheMs, 60_000),
    feedback: {
      // Only the exact word turns it on: a typo must not open feedback to everyone.
      anonymous: env.FEEDBACK_ANONYMOUS === 'on',
      maxExamples: Math.min(positiveInteger(env.FEEDBACK_MAX_EXAMPLES) ?? feedback.maxExamples, MAX_FEEDBACK_EXAMPLES),
      maxBytes: Math.min(positiveInteger(env.FEEDBACK_MAX_BYTES) ?? feedback.maxBytes, maxBodyBytes),
      dailyExamples: positiveInteger(env.FEEDBACK_DAILY_EXAMPLES) ?? feedback.dailyExamples,
      anonymousDailyExamples: positiveInteger(env.FEEDBACK_ANONYMOUS_DAILY_EXAMPLES) ?? feedback.anonymousDailyExamples,
    },
  };
}

function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** `ALLOWED_ORIGINS`: comma-separated origins such as `https://a.example, https://b.example`, or `*`. */
function originList(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}
