import { datasetDataKey, datasetIdSchema, DATASETS_PREFIX, datasetSchema, datasetSummaryKey, listAll, type Dataset } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { clipInput } from '../errors/clip-input.ts';
import { readJson } from '../storage/read-json.ts';
import { readJsonEach } from '../storage/read-json-each.ts';
import type { Principal } from '../tokens/principal.ts';
import { builtinDatasets } from './builtin-datasets.ts';

export function datasetNotFound(id: string): EdgeError {
  return new EdgeError('dataset_not_found', `no dataset "${clipInput(id)}"`, { dataset: clipInput(id) });
}

/** Whether `principal` sees `dataset`: built-ins and its own uploads; the admin and runners see every one. */
export function canSee(principal: Principal, dataset: Dataset): boolean {
  return dataset.builtin || principal.admin || principal.scopes.includes('runner') || dataset.owner === principal.name;
}

/** Every uploaded dataset whose summary is readable (the summary is written after the bytes, so those are whole). */
export async function listUploadedDatasets(bucket: R2Bucket): Promise<Dataset[]> {
  const { folders } = await listAll(bucket, DATASETS_PREFIX, { delimiter: '/' });
  return readJsonEach(bucket, folders.sort().map(datasetSummaryKey), datasetSchema);
}

/** A dataset `principal` may see, by id: a built-in or an upload; 404 `dataset_not_found` otherwise. */
export async function readDataset(bucket: R2Bucket, id: string, principal: Principal): Promise<Dataset> {
  const builtin = builtinDatasets.find((dataset) => dataset.id === id);
  if (builtin) return builtin;
  const uploaded = datasetIdSchema.safeParse(id).success ? await readJson(bucket, datasetSummaryKey(id), datasetSchema) : null;
  if (!uploaded || !canSee(principal, uploaded)) throw datasetNotFound(id);
  return uploaded;
}

/** Stores an upload: its bytes first, its summary last, so a listed dataset is always whole. */
export async function writeDataset(bucket: R2Bucket, dataset: Dataset, bytes: Uint8Array, contentType: string): Promise<void> {
  await bucket.put(datasetDataKey(dataset.id), bytes, { httpMetadata: { contentType }, sha256: dataset.sha256 });
  await bucket.put(datasetSummaryKey(dataset.id), JSON.stringify(dataset, null, 2), { httpMetadata: { contentType: 'application/json' } });
}

/** Deletes an upload: its summary first (from then on it is gone for readers), then its bytes. */
export async function deleteDataset(bucket: R2Bucket, id: string): Promise<void> {
  await bucket.delete(datasetSummaryKey(id));
  await bucket.delete(datasetDataKey(id));
}
