import { datasetFormatTask, datasetSchema, parseDataset, sha256Hex, summarizeDataset, type Dataset, type DatasetFormat } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { randomId } from '../training/random-id.ts';
import type { Principal } from '../tokens/principal.ts';
import { listUploadedDatasets, writeDataset } from './dataset-store.ts';

export interface DatasetUpload {
  format: DatasetFormat;
  name: string | undefined;
  bytes: Uint8Array;
  contentType: string;
}

/**
 * Validates an upload (parsed and summarized: rows, labels, class counts, problems), charges it to
 * its token's `maxDatasetBytes`, and stores it. 400 `validation_failed` with the problems when
 * nothing usable is left or fewer than 2 labels; an unreadable file or archive is the parser's
 * InputError (400, or 413 past an archive's limits); 429 `limit_exceeded` over the token's bytes.
 */
export async function acceptDatasetUpload(bucket: R2Bucket, principal: Principal, upload: DatasetUpload, now = new Date()): Promise<Dataset> {
  const summary = summarizeDataset(parseDataset(upload.format, upload.bytes));
  if (summary.rows === 0 || summary.labels.length < 2) {
    const why = summary.rows === 0 ? 'no usable row' : `only one label (${summary.labels[0]})`;
    throw new EdgeError('validation_failed', `the dataset has ${why}: a classifier needs rows of at least 2 labels`, {
      rows: summary.rows,
      labels: summary.labels,
      problems: summary.problems.slice(0, 20),
      problemCount: summary.problemCount,
    });
  }
  if (!principal.admin) {
    const used = (await listUploadedDatasets(bucket)).filter((dataset) => dataset.owner === principal.name).reduce((total, dataset) => total + (dataset.bytes ?? 0), 0);
    const limit = principal.limits.maxDatasetBytes;
    if (used + upload.bytes.length > limit) {
      throw new EdgeError('limit_exceeded', `token "${principal.name}" has ${used} bytes of datasets; this upload of ${upload.bytes.length} would pass its limit of ${limit}`, { used, limit });
    }
  }
  const dataset = datasetSchema.parse({
    schemaVersion: 1,
    id: randomId('ds', now, 6),
    name: upload.name ?? `upload.${upload.format}`,
    builtin: false,
    task: datasetFormatTask(upload.format),
    format: upload.format,
    bytes: upload.bytes.length,
    sha256: await sha256Hex(upload.bytes),
    ...summary,
    owner: principal.name,
    createdAt: now.toISOString(),
  } satisfies Dataset);
  await writeDataset(bucket, dataset, upload.bytes, upload.contentType);
  return dataset;
}
