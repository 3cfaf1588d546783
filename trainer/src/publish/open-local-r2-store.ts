import path from 'node:path';
import { listAll, type ListableBucket } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from './object-store.ts';

export interface LocalR2StoreOptions {
  /** The wrangler config whose R2 binding is used (default `wrangler.toml` in the cwd). */
  configPath?: string;
  /** Same meaning as `wrangler dev --persist-to` (default `.wrangler/state`). */
  persistTo?: string;
  /** The binding name in the config (default `MODELS`). */
  binding?: string;
}

/** Minimal structural type of the R2 binding that wrangler's platform proxy gives. */
interface R2BucketLike extends ListableBucket {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  /** Null when `onlyIf` was not met. */
  put(key: string, value: ArrayBuffer, options?: object): Promise<unknown>;
  head(key: string): Promise<{ size: number; etag: string } | null>;
  delete(keys: string | string[]): Promise<void>;
}

/**
 * The R2 bucket that `wrangler dev` serves locally, through wrangler's platform proxy: the same
 * Miniflare storage on disk, so a model published here is what the local worker reads.
 */
export async function openLocalR2Store(options: LocalR2StoreOptions = {}): Promise<ObjectStore> {
  process.env.WRANGLER_SEND_METRICS ??= 'false';
  const { getPlatformProxy } = await import('wrangler');
  const persistTo = options.persistTo ?? '.wrangler/state';
  const binding = options.binding ?? 'MODELS';
  // getPlatformProxy's persist path is the `v3` folder inside `--persist-to`.
  const proxy = await getPlatformProxy<Record<string, unknown>>({
    configPath: options.configPath ?? 'wrangler.toml',
    persist: { path: path.join(persistTo, 'v3') },
  });
  const bucket = proxy.env[binding] as R2BucketLike | undefined;
  if (!bucket) {
    await proxy.dispose();
    throw new TrainerError('invalid_config', `wrangler config has no R2 binding named ${binding}`);
  }
  return {
    description: `local R2 (${persistTo}) binding ${binding}`,
    async get(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async put(key, body, { contentType, sha256, onlyIf }) {
      const copy = body.slice().buffer as ArrayBuffer;
      const condition = onlyIf && ('absent' in onlyIf ? { etagDoesNotMatch: '*' } : { etagMatches: onlyIf.etagMatches });
      const written = await bucket.put(key, copy, { httpMetadata: { contentType }, ...(sha256 ? { sha256 } : {}), ...(condition ? { onlyIf: condition } : {}) });
      return written !== null;
    },
    async head(key) {
      const object = await bucket.head(key);
      return object ? { size: object.size, etag: object.etag } : null;
    },
    async delete(keys) {
      if (keys.length) await bucket.delete(keys);
    },
    async list(prefix, { delimiter } = {}) {
      const { keys, folders } = await listAll(bucket, prefix, { delimiter });
      return { keys, prefixes: folders.map((folder) => `${prefix}${folder}/`) };
    },
    close: () => proxy.dispose(),
  };
}
