import { channelsKey, modelChannelsSchema, type ChannelsObject } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from './object-store.ts';

/**
 * A model's channels.json in an ObjectStore, written only while its etag is the one read. The etag
 * is read before the body: if the object changes in between, the write's etag no longer matches.
 */
export function storeChannelsObject(store: ObjectStore, name: string): ChannelsObject {
  const key = channelsKey(name);
  return {
    async read() {
      const head = await store.head(key);
      const bytes = head && (await store.get(key));
      if (!head || !bytes) return null;
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw new TrainerError('storage_failed', `${key} in ${store.description} is not valid JSON`);
      }
      const parsed = modelChannelsSchema.safeParse(json);
      if (!parsed.success) throw new TrainerError('storage_failed', `${key} in ${store.description} is not a valid channels object: ${parsed.error.message}`);
      return { channels: parsed.data, etag: head.etag };
    },
    write: (text, etag) =>
      store.put(key, new TextEncoder().encode(text), { contentType: 'application/json', onlyIf: etag === null ? { absent: true } : { etagMatches: etag } }),
  };
}
