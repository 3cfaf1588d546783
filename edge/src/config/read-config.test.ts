import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from './read-config.ts';

describe('readConfig', () => {
  it('reads the vars as numbers', () => {
    expect(readConfig({ DEFAULT_MODEL: 'digits', MAX_BODY_BYTES: '1024', MAX_MODEL_BYTES: '2048', MAX_BATCH: '8' })).toEqual({
      defaultModel: 'digits',
      maxBodyBytes: 1024,
      maxModelBytes: 2048,
      maxBatch: 8,
    });
  });

  it('falls back to the defaults for missing, malformed or non-positive values', () => {
    expect(readConfig({})).toEqual(DEFAULT_CONFIG);
    expect(readConfig({ DEFAULT_MODEL: 'Not A Name', MAX_BODY_BYTES: 'lots', MAX_MODEL_BYTES: '-5', MAX_BATCH: '1.5' })).toEqual(DEFAULT_CONFIG);
  });

  it('never allows a batch over the wire contract limit', () => {
    expect(readConfig({ MAX_BATCH: '1000' }).maxBatch).toBe(DEFAULT_CONFIG.maxBatch);
  });
});
