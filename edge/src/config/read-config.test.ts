import { MAX_DATASET_BYTES } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from './read-config.ts';

describe('readConfig', () => {
  it('reads the vars as numbers', () => {
    expect(readConfig({ DEFAULT_MODEL: 'digits', MAX_BODY_BYTES: '1024', MAX_MODEL_BYTES: '2048', MAX_DATASET_BYTES: '4096', MAX_BATCH: '8' })).toEqual({
      defaultModel: 'digits',
      maxBodyBytes: 1024,
      maxModelBytes: 2048,
      maxDatasetBytes: 4096,
      maxBatch: 8,
      maxTextChars: DEFAULT_CONFIG.maxTextChars,
      maxImageSide: DEFAULT_CONFIG.maxImageSide,
      maxImagePixels: DEFAULT_CONFIG.maxImagePixels,
      maxRequestPixels: DEFAULT_CONFIG.maxRequestPixels,
      allowedOrigins: [],
      rateLimitRequests: DEFAULT_CONFIG.rateLimitRequests,
      rateLimitPeriodSeconds: DEFAULT_CONFIG.rateLimitPeriodSeconds,
      requireClientAddress: false,
      channelsCacheMs: DEFAULT_CONFIG.channelsCacheMs,
      feedback: { ...DEFAULT_CONFIG.feedback, maxBytes: 1024 },
    });
  });

  it('keeps the dataset upload limit within the wire contract', () => {
    expect(readConfig({ MAX_DATASET_BYTES: String(2 ** 40) }).maxDatasetBytes).toBe(MAX_DATASET_BYTES);
  });

  it('reads the image decoding limits, per image and per request', () => {
    const config = readConfig({ MAX_IMAGE_SIDE: '1024', MAX_IMAGE_PIXELS: '1000000', MAX_REQUEST_PIXELS: '3000000' });
    expect(config).toMatchObject({ maxImageSide: 1024, maxImagePixels: 1_000_000, maxRequestPixels: 3_000_000 });
    expect(readConfig({ MAX_REQUEST_PIXELS: '0' }).maxRequestPixels).toBe(DEFAULT_CONFIG.maxRequestPixels);
  });

  it('reads the feedback limits: anonymous only with "on", caps within the wire contract and the body limit', () => {
    expect(readConfig({}).feedback.anonymous).toBe(false);
    expect(readConfig({ FEEDBACK_ANONYMOUS: 'yes' }).feedback.anonymous).toBe(false);
    const config = readConfig({ FEEDBACK_ANONYMOUS: 'on', FEEDBACK_MAX_EXAMPLES: '500', FEEDBACK_MAX_BYTES: '9999999', FEEDBACK_DAILY_EXAMPLES: '10', FEEDBACK_ANONYMOUS_DAILY_EXAMPLES: '3' });
    expect(config.feedback).toEqual({ anonymous: true, maxExamples: 64, maxBytes: DEFAULT_CONFIG.maxBodyBytes, dailyExamples: 10, anonymousDailyExamples: 3 });
  });

  it('reads the text limit, the CORS origins and the rate limit', () => {
    const config = readConfig({ MAX_TEXT_CHARS: '100', ALLOWED_ORIGINS: ' https://a.example, https://b.example ,', RATE_LIMIT_REQUESTS: '5', RATE_LIMIT_PERIOD_SECONDS: '10' });
    expect(config).toMatchObject({ maxTextChars: 100, allowedOrigins: ['https://a.example', 'https://b.example'], rateLimitRequests: 5, rateLimitPeriodSeconds: 10 });
    expect(readConfig({ RATE_LIMIT_REQUESTS: '0' }).rateLimitRequests).toBe(0);
    // The Rate Limiting binding counts over 10 or 60 s only.
    expect(readConfig({ RATE_LIMIT_PERIOD_SECONDS: '30' }).rateLimitPeriodSeconds).toBe(60);
    expect(readConfig({ REQUIRE_CLIENT_ADDRESS: 'on' }).requireClientAddress).toBe(true);
    expect(readConfig({ REQUIRE_CLIENT_ADDRESS: 'yes' }).requireClientAddress).toBe(false);
    expect(readConfig({ RATE_LIMIT_REQUESTS: '-1' }).rateLimitRequests).toBe(DEFAULT_CONFIG.rateLimitRequests);
    expect(readConfig({ CHANNELS_CACHE_MS: '0' }).channelsCacheMs).toBe(0);
    expect(readConfig({ CHANNELS_CACHE_MS: '500' }).channelsCacheMs).toBe(500);
    expect(readConfig({ CHANNELS_CACHE_MS: '3600000' }).channelsCacheMs).toBe(60_000);
  });

  it('falls back to the defaults for missing, malformed or non-positive values', () => {
    expect(readConfig({})).toEqual(DEFAULT_CONFIG);
    expect(readConfig({ DEFAULT_MODEL: 'Not A Name', MAX_BODY_BYTES: 'lots', MAX_MODEL_BYTES: '-5', MAX_BATCH: '1.5' })).toEqual(DEFAULT_CONFIG);
  });

  it('never allows a batch over the wire contract limit', () => {
    expect(readConfig({ MAX_BATCH: '1000' }).maxBatch).toBe(DEFAULT_CONFIG.maxBatch);
  });
});
