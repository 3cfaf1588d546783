import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectStore } from './object-store.ts';
import { openLocalR2Store } from './open-local-r2-store.ts';

let dir: string;
let store: ObjectStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-local-r2-'));
  const config = path.join(dir, 'wrangler.toml');
  await writeFile(config, 'name = "local-r2-test"\ncompatibility_date = "2026-04-01"\n[[r2_buckets]]\nbinding = "MODELS"\nbucket_name = "models"\n');
  store = await openLocalR2Store({ configPath: config, persistTo: path.join(dir, 'state') });
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

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
