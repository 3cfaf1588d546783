import { shadowRecordKey, shadowRecordSchema, type ShadowRecord } from '@edgeml/shared';

/**
 * Stores one shadowed request's agreement as its own object: isolates write concurrently, so a
 * shared counter would need read-modify-write and lose counts. The figures also go into the
 * object's custom metadata, so a summary reads them from a listing without fetching each body.
 */
export async function recordShadow(bucket: R2Bucket, entry: Omit<ShadowRecord, 'at'>): Promise<ShadowRecord> {
  const record = shadowRecordSchema.parse({ ...entry, at: new Date().toISOString() });
  await bucket.put(shadowRecordKey(record.model, record.shadowVersion, record.at, crypto.randomUUID()), JSON.stringify(record), {
    httpMetadata: { contentType: 'application/json' },
    customMetadata: {
      servedVersion: record.servedVersion,
      rows: String(record.rows),
      top1Agreements: String(record.top1Agreements),
      sumMaxDelta: String(record.sumMaxDelta),
      maxDelta: String(record.maxDelta),
      failed: record.failure === undefined ? '0' : '1',
      at: record.at,
    },
  });
  return record;
}
