import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ObjectStore } from '../object-store.ts';
import { openLocalR2Store } from '../open-local-r2-store.ts';

/** The real Miniflare R2 that `wrangler dev` uses, persisted in a temp folder that `dispose` removes. */
export async function openTempR2Store(): Promise<{ store: ObjectStore; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-r2-'));
  const config = path.join(dir, 'wrangler.toml');
  await writeFile(config, 'name = "r2-test"\ncompatibility_date = "2026-04-01"\n[[r2_buckets]]\nbinding = "MODELS"\nbucket_name = "models"\n');
  const store = await openLocalR2Store({ configPath: config, persistTo: path.join(dir, 'state') });
  return {
    store,
    dispose: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
