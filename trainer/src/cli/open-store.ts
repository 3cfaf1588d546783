import { TrainerError } from '../errors.ts';
import { createR2S3Store } from '../publish/create-r2-s3-store.ts';
import { openLocalR2Store } from '../publish/open-local-r2-store.ts';
import type { ObjectStore } from '../publish/object-store.ts';

/**
 * `local`: the R2 state `wrangler dev` reads. `r2`: a real bucket, from R2_ENDPOINT (or
 * R2_ACCOUNT_ID), R2_BUCKET, R2_ACCESS_KEY_ID and R2_SECRET_ACCESS_KEY.
 */
export async function openStore(target: string, persistTo?: string, env: NodeJS.ProcessEnv = process.env): Promise<ObjectStore> {
  if (target === 'local') return openLocalR2Store({ persistTo });
  if (target !== 'r2') throw new TrainerError('invalid_argument', `unknown target "${target}": use local or r2`);
  const endpoint = env.R2_ENDPOINT ?? (env.R2_ACCOUNT_ID ? `https://${env.R2_ACCOUNT_ID}.r2.cloudflarestorage.com` : undefined);
  const missing = ['R2_BUCKET', 'R2_ACCESS_KEY_ID', 'R2_SECRET_ACCESS_KEY'].filter((k) => !env[k]);
  if (!endpoint) missing.unshift('R2_ENDPOINT or R2_ACCOUNT_ID');
  if (missing.length) throw new TrainerError('invalid_config', `publishing to R2 needs ${missing.join(', ')} in the environment`);
  return createR2S3Store({
    endpoint: endpoint!,
    bucket: env.R2_BUCKET!,
    accessKeyId: env.R2_ACCESS_KEY_ID!,
    secretAccessKey: env.R2_SECRET_ACCESS_KEY!,
  });
}
