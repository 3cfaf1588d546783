import type { RequestRecord } from './request-record.ts';

/** Analytics Engine's limit on an index, in bytes. */
const MAX_INDEX_BYTES = 96;

/**
 * A request's Analytics Engine data point. The positions are the dataset's schema, which the
 * README's queries and `npm run metrics` read; append new fields at the end, never reorder.
 *   blobs:   1 route, 2 model, 3 version, 4 status class (2xx…5xx), 5 error code, 6 method
 *   doubles: 1 total ms, 2 inference ms, 3 batch size, 4 preprocess ms, 5 cold load (1/0), 6 status
 *   index:   model@version (the sampling key, so each version is sampled on its own), absent without a model
 */
export function toDataPoint(record: RequestRecord): AnalyticsEngineDataPoint {
  const point: AnalyticsEngineDataPoint = {
    blobs: [record.route, record.model ?? '', record.version ?? '', `${Math.floor(record.status / 100)}xx`, record.errorCode ?? '', record.method],
    doubles: [record.totalMs, record.inferenceMs ?? 0, record.count ?? 0, record.preprocessMs ?? 0, record.coldLoad ? 1 : 0, record.status],
  };
  // Names and versions are ASCII (manifest schema), so characters are bytes; the blobs keep them whole.
  if (record.model !== null && record.version !== null) point.indexes = [`${record.model}@${record.version}`.slice(0, MAX_INDEX_BYTES)];
  return point;
}
