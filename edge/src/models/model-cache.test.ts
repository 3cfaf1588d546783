import { describe, expect, it } from 'vitest';
import { ModelCache } from './model-cache.ts';

interface Value {
  id: string;
}

function cacheWithLog(maxEntries: number): { cache: ModelCache<Value>; released: string[] } {
  const released: string[] = [];
  return { cache: new ModelCache<Value>({ maxEntries, release: (value) => void released.push(value.id) }), released };
}

/** A promise and its resolver, to hold a load or a use open while the test does something else. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ModelCache', () => {
  it('loads once for concurrent callers of the same key', async () => {
    const { cache } = cacheWithLog(4);
    let loads = 0;
    const gate = deferred<Value>();
    const load = () => {
      loads++;
      return gate.promise;
    };
    const results = Promise.all([1, 2, 3].map(() => cache.use('a', load, async (v) => v.id)));
    gate.resolve({ id: 'a1' });
    expect(await results).toEqual(['a1', 'a1', 'a1']);
    expect(await cache.use('a', load, async (v) => v.id)).toBe('a1');
    expect(loads).toBe(1);
  });

  it('forgets a failed load so the next caller tries again', async () => {
    const { cache } = cacheWithLog(4);
    let attempt = 0;
    const load = async () => {
      attempt++;
      if (attempt === 1) throw new Error('R2 hiccup');
      return { id: `a${attempt}` };
    };
    await expect(cache.use('a', load, async (v) => v.id)).rejects.toThrow('R2 hiccup');
    expect(cache.size).toBe(0);
    expect(await cache.use('a', load, async (v) => v.id)).toBe('a2');
  });

  it('evicts the least recently used value and releases it', async () => {
    const { cache, released } = cacheWithLog(2);
    const use = async (v: Value) => v.id;
    await cache.use('a', async () => ({ id: 'a' }), use);
    await cache.use('b', async () => ({ id: 'b' }), use);
    await cache.use('a', async () => ({ id: 'a-again' }), use);
    await cache.use('c', async () => ({ id: 'c' }), use);
    await Promise.resolve();
    expect(released).toEqual(['b']);
    expect(cache.size).toBe(2);
    expect(await cache.use('a', async () => ({ id: 'reloaded' }), use)).toBe('a');
  });

  it('releases an evicted value only after its last user is done', async () => {
    const { cache, released } = cacheWithLog(1);
    const inUse = deferred<void>();
    const slowUse = cache.use('a', async () => ({ id: 'a' }), async (v) => {
      await inUse.promise;
      return v.id;
    });
    await new Promise((r) => setTimeout(r, 0));
    await cache.use('b', async () => ({ id: 'b' }), async (v) => v.id);
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual([]);
    inUse.resolve();
    expect(await slowUse).toBe('a');
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['a']);
  });
});
