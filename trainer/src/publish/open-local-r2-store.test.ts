import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from './object-store.ts';
import { openTempR2Store } from './testdata/open-temp-r2-store.ts';

let store: ObjectStore;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ store, dispose } = await openTempR2Store());
});

afterAll(() => dispose?.());

describe('openLocalR2Store list (the shared listAll)', () => {
  // A thousand puts through the platform proxy take a while.
  it('lists every key past R2 pages of 1000, and with a delimiter the folders one level down', { timeout: 120_000 }, async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `jobs/m/${String(i).padStart(4, '0')}.json`);
    const body = new TextEncoder().encode('{}');
    for (let start = 0; start < keys.length; start += 100) {
      await Promise.all(keys.slice(start, start + 100).map((key) => store.put(key, body, { contentType: 'application/json' })));
    }
    await store.put('jobs/other/x.json', body, { contentType: 'application/json' });
    expect((await store.list('jobs/m/')).keys).toEqual(keys);
    expect((await store.list('jobs/', { delimiter: '/' })).prefixes).toEqual(['jobs/m/', 'jobs/other/']);
  });
});
