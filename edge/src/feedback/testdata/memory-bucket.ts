/**
 * The few R2 operations feedback uses (get, put with etag conditions, list with prefix), in
 * memory for unit tests. `beforePut` lets a test change the object between a read and a write.
 */
export function memoryBucket(options: { beforePut?: (key: string) => void } = {}): { bucket: R2Bucket; objects: Map<string, { text: string; etag: string }> } {
  const objects = new Map<string, { text: string; etag: string }>();
  let serial = 0;
  const bucket = {
    async get(key: string) {
      const object = objects.get(key);
      return object ? { etag: object.etag, text: async () => object.text, json: async () => JSON.parse(object.text) as unknown } : null;
    },
    async put(key: string, value: string, putOptions?: { onlyIf?: { etagMatches?: string; etagDoesNotMatch?: string } }) {
      options.beforePut?.(key);
      const current = objects.get(key);
      const onlyIf = putOptions?.onlyIf;
      if (onlyIf?.etagMatches !== undefined && current?.etag !== onlyIf.etagMatches) return null;
      if (onlyIf?.etagDoesNotMatch === '*' && current) return null;
      const etag = `e${++serial}`;
      objects.set(key, { text: value, etag });
      return { key, etag };
    },
    async list({ prefix = '' }: { prefix?: string; cursor?: string }) {
      const keys = [...objects.keys()].filter((key) => key.startsWith(prefix)).sort();
      return { objects: keys.map((key) => ({ key })), truncated: false, delimitedPrefixes: [] };
    },
  };
  return { bucket: bucket as unknown as R2Bucket, objects };
}
