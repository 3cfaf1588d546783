import { describe, expect, it } from 'vitest';
import { EdgeError } from '../errors/edge-error.ts';
import { parseTextPredictBody } from './parse-text-predict-body.ts';

const MAX_CHARS = 20;

function errorOf(body: unknown, maxBatch?: number): EdgeError {
  try {
    parseTextPredictBody(body, MAX_CHARS, maxBatch);
  } catch (error) {
    if (error instanceof EdgeError) return error;
    throw error;
  }
  throw new Error('expected an EdgeError');
}

describe('parseTextPredictBody', () => {
  it('accepts one text or a batch, and a pinned version', () => {
    expect(parseTextPredictBody({ text: 'win cash' }, MAX_CHARS)).toEqual({ texts: ['win cash'], version: undefined });
    expect(parseTextPredictBody({ texts: ['a', 'b'], version: 'v1' }, MAX_CHARS)).toEqual({ texts: ['a', 'b'], version: 'v1' });
  });

  it('answers typed errors for empty, non-string, too long, over-limit and ambiguous bodies', () => {
    expect(errorOf({ text: '  ' })).toMatchObject({ code: 'validation_failed', details: { index: 0 } });
    expect(errorOf({ texts: ['ok', 3] })).toMatchObject({ code: 'validation_failed', details: { index: 1 } });
    expect(errorOf({ text: 'x'.repeat(21) })).toMatchObject({ code: 'payload_too_large', details: { length: 21, limit: 20 } });
    expect(errorOf({ texts: ['a', 'b', 'c'] }, 2)).toMatchObject({ code: 'payload_too_large', details: { count: 3, limit: 2 } });
    expect(errorOf({ texts: [] }).code).toBe('validation_failed');
    expect(errorOf({ text: 'a', texts: ['b'] }).code).toBe('validation_failed');
    expect(errorOf({ pixels: [1] }).code).toBe('validation_failed');
    expect(errorOf('just a string').code).toBe('validation_failed');
  });
});
