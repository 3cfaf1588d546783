import { MODELS_PREFIX } from '@edgeml/shared';
import type { ObjectStore } from '@edgeml/trainer/publish/object-store';

/**
 * Publishes every version of model `from` again as model `to` (artifacts as they are; manifests and
 * channels with the name and keys rewritten), so that tests sharing one worker each own a model of their own.
 */
export async function copyModel(store: ObjectStore, from: string, to: string): Promise<void> {
  const prefix = `${MODELS_PREFIX}${from}/`;
  const { keys } = await store.list(prefix);
  for (const key of keys) {
    const bytes = (await store.get(key))!;
    const target = `${MODELS_PREFIX}${to}/${key.slice(prefix.length)}`;
    // Artifacts are copied byte for byte (their manifest pins size and sha256); manifests and channels name the model.
    if (!/(^|\/)(manifest|channels)\.json$/.test(key)) {
      await store.put(target, bytes, { contentType: key.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
      continue;
    }
    const object = JSON.parse(new TextDecoder().decode(bytes)) as { name?: string };
    const renamed = JSON.stringify({ ...object, ...(object.name === from ? { name: to } : {}) }).replaceAll(`"${prefix}`, `"${MODELS_PREFIX}${to}/`);
    await store.put(target, new TextEncoder().encode(renamed), { contentType: 'application/json' });
  }
}
