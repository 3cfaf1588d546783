import { describe, expect, it } from 'vitest';
import { LoadBackoff } from './load-backoff.ts';

describe('LoadBackoff', () => {
  it('waits 5 s after a first failure, doubling with each further one up to 5 minutes', () => {
    let now = 0;
    const backoff = new LoadBackoff<string>(() => now);
    expect(backoff.waiting('m@1')).toBeUndefined();
    expect(backoff.failed('m@1', 'x')).toBe(5);
    expect(backoff.waiting('m@1')).toEqual({ seconds: 5, reason: 'x' });
    now = 4_001;
    expect(backoff.waiting('m@1')).toEqual({ seconds: 1, reason: 'x' });
    now = 5_000;
    expect(backoff.waiting('m@1')).toBeUndefined();
    expect(backoff.failed('m@1', 'x')).toBe(10);
    expect(backoff.failed('m@1', 'x')).toBe(20);
    for (let i = 0; i < 10; i++) backoff.failed('m@1', 'x');
    expect(backoff.failed('m@1', 'x')).toBe(300);
    expect(backoff.waiting('m@2')).toBeUndefined();
  });

  it('forgets a key once it loads, and the oldest keys past its bound', () => {
    const backoff = new LoadBackoff<string>(() => 0);
    backoff.failed('a', 'x');
    backoff.succeeded('a');
    expect(backoff.waiting('a')).toBeUndefined();
    for (let i = 0; i < 300; i++) backoff.failed(`k${i}`, 'x');
    expect(backoff.waiting('k0')).toBeUndefined();
    expect(backoff.waiting('k299')).toEqual({ seconds: 5, reason: 'x' });
  });
});
