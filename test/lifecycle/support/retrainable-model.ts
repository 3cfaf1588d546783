import { manifestKey, retrainPolicyKey } from '@edgeml/shared';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';
import { copyModel } from './copy-model.ts';

/** The run a retrain job of a `retrainableModel` copies: seconds on a loaded 2-core machine. */
export const SMALL_RUN = { epochs: 1, dataset: { name: 'mnist', trainLimit: 2_000, testLimit: 300 } } as const;

/**
 * Model `to`: a copy of `from` (see copyModel) whose production manifest, `version`, records the
 * small run above as its run config (the cron's retrain job trains what the champion recorded), and
 * a retrain policy.
 */
export async function retrainableModel(store: ObjectStore, from: string, to: string, version: string, policy: object): Promise<void> {
  await copyModel(store, from, to);
  const key = manifestKey(to, version);
  const manifest = JSON.parse(new TextDecoder().decode((await store.get(key))!)) as { training: { config: object } };
  const small = { ...manifest, training: { ...manifest.training, config: { ...manifest.training.config, ...SMALL_RUN } } };
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  await store.put(key, json(small), { contentType: 'application/json' });
  await store.put(retrainPolicyKey(to), json(policy), { contentType: 'application/json' });
}
