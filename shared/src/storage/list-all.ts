/** The part of an R2 bucket binding that listing uses: the worker's R2Bucket and wrangler's platform proxy both have it. */
export interface ListableBucket {
  list(options: { prefix?: string; delimiter?: string; cursor?: string }): Promise<{
    objects: { key: string }[];
    delimitedPrefixes: string[];
    truncated: boolean;
    cursor?: string;
  }>;
}

export interface Listing {
  keys: string[];
  /** With `delimiter: '/'`: the names of the folders one level below the prefix (`models/` → `mnist`). */
  folders: string[];
}

/** Every key under `prefix`, across as many list pages as R2 needs (at most 1000 keys each). */
export async function listAll(bucket: ListableBucket, prefix: string, options: { delimiter?: '/' } = {}): Promise<Listing> {
  const keys: string[] = [];
  const folders: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, delimiter: options.delimiter, cursor });
    keys.push(...page.objects.map((object) => object.key));
    folders.push(...page.delimitedPrefixes.map((folder) => folder.slice(prefix.length, -1)));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return { keys, folders };
}
