import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.ts';

describe('TokenBuckets', () => {
  it('allows `capacity` requests at once, then says how long to wait', () => {
    const buckets = new TokenBuckets();
    for (let i = 0; i < 3; i++) expect(buckets.take('a', 3, 60, 0)).toBe(0);
    // One token comes back every 20 s.
    expect(buckets.take('a', 3, 60, 0)).toBe(20);
    expect(buckets.take('a', 3, 60, 15_000)).toBe(5);
    expect(buckets.take('a', 3, 60, 20_000)).toBe(0);
  });

  it('keeps one bucket per client', () => {
    const buckets = new TokenBuckets();
    expect(buckets.take('a', 1, 10, 0)).toBe(0);
    expect(buckets.take('a', 1, 10, 0)).toBeGreaterThan(0);
    expect(buckets.take('b', 1, 10, 0)).toBe(0);
  });

  it('forgets the longest-idle clients past its bound', () => {
    const buckets = new TokenBuckets();
    for (let i = 0; i < 10_050; i++) buckets.take(`client-${i}`, 5, 60, i);
    expect(buckets.size).toBe(10_000);
  });
});
