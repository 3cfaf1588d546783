import { describe, expect, it } from 'vitest';
import { checkNumberArrays } from './check-number-arrays.ts';
import { EdgeError } from './edge-error.ts';
import { MAX_LISTED_ISSUES, validationFailed } from './validation-failed.ts';

const thrown = (run: () => void): EdgeError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EdgeError);
    return error as EdgeError;
  }
  throw new Error('nothing was thrown');
};

describe('checkNumberArrays', () => {
  it('passes arrays of finite numbers and leaves other values to the schema', () => {
    expect(() => checkNumberArrays([[['pixels'], [0, 1.5, 255]], [['other'], 'not an array'], [['missing'], undefined]], 10, 'm')).not.toThrow();
  });

  it('reports only the first wrong value of 400,000, with its path, in one small error', () => {
    const error = thrown(() => checkNumberArrays([[['instances', 2, 'pixels'], Array.from({ length: 400_000 }, () => 'a')]], 1 << 20, 'bad body'));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ issues: [{ path: 'instances.2.pixels.0', message: 'expected a finite number, got a string' }] });
    expect(JSON.stringify(error.details).length).toBeLessThan(200);
  });

  it('names NaN-like values, nulls and nested arrays after valid ones, and refuses an array over the limit before reading it', () => {
    expect(thrown(() => checkNumberArrays([[['pixels'], [1, 2, null]]], 10, 'm')).details).toEqual({ issues: [{ path: 'pixels.2', message: 'expected a finite number, got null' }] });
    expect(thrown(() => checkNumberArrays([[['pixels'], [1, [2]]]], 10, 'm')).details).toEqual({ issues: [{ path: 'pixels.1', message: 'expected a finite number, got an array' }] });
    expect(thrown(() => checkNumberArrays([[['pixels'], new Array(11).fill(0)]], 10, 'm')).details).toEqual({ issues: [{ path: 'pixels', message: 'holds 11 values, over the limit of 10' }] });
  });
});

describe('validationFailed', () => {
  it(`lists at most ${MAX_LISTED_ISSUES} issues, says how many more, and cuts long messages`, () => {
    const issues = Array.from({ length: 500 }, (_, i) => ({ path: ['examples', i], message: 'x'.repeat(5_000) }));
    const error = validationFailed('m', issues);
    const details = error.details as { issues: { path: string; message: string }[]; moreIssues: number };
    expect(details.issues).toHaveLength(MAX_LISTED_ISSUES);
    expect(details.moreIssues).toBe(480);
    expect(details.issues[3]).toEqual({ path: 'examples.3', message: 'x'.repeat(200) });
    expect(validationFailed('m', issues.slice(0, 2)).details).not.toHaveProperty('moreIssues');
  });
});
