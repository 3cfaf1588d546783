import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.ts';

describe('ReadCache', () => {
  it('answers from memory within its time, then reads again', async () => {
    let now = 0;
    let reads = 0;
    const cache = new ReadCache<number>(30_000, () => now);
    const read = async () => ++reads;
    expect(await cache.get('a', read)).toBe(1);
    now = 29_999;
    expect(await cache.get('a', read)).toBe(1);
    expect(await cache.get('b', read)).toBe(2);
    now = 30_000;
    expect(await cache.get('a', read)).toBe(3);
  });

  it('keeps no failure, and at most 64 keys', async () => {
    const cache = new ReadCache<number>(30_000, () => 0);
    await expect(cache.get('x', () => Promise.reject(new Error('R2 down')))).rejects.toThrow('R2 down');
    expect(await cache.get('x', async () => 7)).toBe(7);
    for (let i = 0; i < 70; i++) await cache.get(`k${i}`, async () => i);
    expect(await cache.get('k0', async () => -1)).toBe(-1);
    expect(await cache.get('k69', async () => -1)).toBe(69);
  });
});
