import { sha256Hex, type Dataset, type TrainingTask } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import type { TrainingApiClient } from './training-api-client.ts';

/**
 * An uploaded dataset's summary and bytes, read through the training API and checked: the bytes
 * against the summary's size and sha256 (a truncated or altered download never trains), the task
 * against the job's.
 */
export async function downloadDataset(client: TrainingApiClient, id: string, task: TrainingTask): Promise<{ summary: Dataset; bytes: Uint8Array }> {
  const summary = await client.dataset(id);
  if (summary.task !== task) throw new TrainerError('invalid_argument', `dataset ${id} is for ${summary.task}, not ${task}`);
  const bytes = await client.datasetContent(id);
  if (summary.bytes !== undefined && bytes.length !== summary.bytes) throw new TrainerError('integrity_mismatch', `dataset ${id}: downloaded ${bytes.length} bytes, its summary says ${summary.bytes}`);
  if (summary.sha256 !== undefined && (await sha256Hex(bytes)) !== summary.sha256) throw new TrainerError('integrity_mismatch', `dataset ${id}: the download does not match its sha256`);
  return { summary, bytes };
}
