import { channelsKey, modelChannelsSchema, type ChannelsObject } from '@edgeml/shared';
import { parseStoredJson } from './read-json.ts';

/** A model's channels.json in the worker's R2 binding, written only while its etag is the one read. */
export function r2ChannelsObject(bucket: R2Bucket, name: string): ChannelsObject {
  const key = channelsKey(name);
  return {
    async read() {
      const object = await bucket.get(key);
      // `fail` never returns null: unreadable channels are model_unavailable.
      return object ? { channels: parseStoredJson(await object.text(), key, modelChannelsSchema)!, etag: object.etag } : null;
    },
    async write(text, etag) {
      const written = await bucket.put(key, text, {
        httpMetadata: { contentType: 'application/json' },
        onlyIf: etag === null ? { etagDoesNotMatch: '*' } : { etagMatches: etag },
      });
      return written !== null;
    },
  };
}
