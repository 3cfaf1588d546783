import { MAX_PREDICT_BATCH, modelNameSchema } from '@edgeml/shared';

export interface EdgeConfig {
  /** The model `POST /predict` serves. */
  defaultModel: string;
  /** Largest request body read, in bytes. */
  maxBodyBytes: number;
  /** Largest ONNX artifact loaded, in bytes. */
  maxModelBytes: number;
  /** Most images in one predict request (never more than the wire contract's MAX_PREDICT_BATCH). */
  maxBatch: number;
  /** Longest text a text model accepts, in characters. */
  maxTextChars: number;
  /** Origins allowed to call the API from a browser: exact origins, or `*` for any; empty for none. */
  allowedOrigins: string[];
  /** Requests one client may make per `rateLimitPeriodSeconds` (a token bucket); 0 turns the limit off. */
  rateLimitRequests: number;
  rateLimitPeriodSeconds: number;
  /** Micro-batching: how long a predict waits for concurrent ones to share its run (0: off), and the batch cap. */
  microBatch: { waitMs: number; maxBatch: number };
  /** How long an isolate keeps a model's channels.json before reading it again, in ms; 0 reads it on every request. */
  channelsCacheMs: number;
}

export const DEFAULT_CONFIG: EdgeConfig = {
  defaultModel: 'mnist',
  maxBodyBytes: 4 * 2 ** 20,
  maxModelBytes: 32 * 2 ** 20,
  maxBatch: MAX_PREDICT_BATCH,
  maxTextChars: 2048,
  allowedOrigins: [],
  rateLimitRequests: 3000,
  rateLimitPeriodSeconds: 60,
  microBatch: { waitMs: 0, maxBatch: MAX_PREDICT_BATCH },
  channelsCacheMs: 2000,
};

/** The worker's vars as numbers, each falling back to its default when unset or not a positive integer. */
export function readConfig(env: Partial<Record<keyof Env, unknown>>): EdgeConfig {
  const defaultModel = modelNameSchema.safeParse(env.DEFAULT_MODEL);
  return {
    defaultModel: defaultModel.success ? defaultModel.data : DEFAULT_CONFIG.defaultModel,
    maxBodyBytes: positiveInteger(env.MAX_BODY_BYTES) ?? DEFAULT_CONFIG.maxBodyBytes,
    maxModelBytes: positiveInteger(env.MAX_MODEL_BYTES) ?? DEFAULT_CONFIG.maxModelBytes,
    maxBatch: Math.min(positiveInteger(env.MAX_BATCH) ?? DEFAULT_CONFIG.maxBatch, MAX_PREDICT_BATCH),
    maxTextChars: positiveInteger(env.MAX_TEXT_CHARS) ?? DEFAULT_CONFIG.maxTextChars,
    allowedOrigins: originList(env.ALLOWED_ORIGINS) ?? DEFAULT_CONFIG.allowedOrigins,
    rateLimitRequests: env.RATE_LIMIT_REQUESTS === '0' || env.RATE_LIMIT_REQUESTS === 0 ? 0 : (positiveInteger(env.RATE_LIMIT_REQUESTS) ?? DEFAULT_CONFIG.rateLimitRequests),
    rateLimitPeriodSeconds: positiveInteger(env.RATE_LIMIT_PERIOD_SECONDS) ?? DEFAULT_CONFIG.rateLimitPeriodSeconds,
    // At most 100 ms: a longer wait would cost more latency than any batch saves.
    microBatch: { waitMs: Math.min(positiveInteger(env.MICRO_BATCH_WAIT_MS) ?? 0, 100), maxBatch: MAX_PREDICT_BATCH },
    // At most a minute: a promotion or rollback made elsewhere must reach every isolate soon.
    channelsCacheMs: env.CHANNELS_CACHE_MS === '0' || env.CHANNELS_CACHE_MS === 0 ? 0 : Math.min(positiveInteger(env.CHANNELS_CACHE_MS) ?? DEFAULT_CONFIG.channelsCacheMs, 60_000),
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
