import { InputError } from '../errors.ts';
import { DATASET_LIMITS } from './dataset-limits.ts';

/** Refuses an archive by its directory alone (before inflating anything) when it has too many files or too many bytes. */
export function checkArchiveSize(entries: number, bytes: number): void {
  if (entries > DATASET_LIMITS.maxArchiveEntries) {
    throw new InputError('payload_too_large', `the archive has ${entries} files; at most ${DATASET_LIMITS.maxArchiveEntries} are taken`, { entries, limit: DATASET_LIMITS.maxArchiveEntries });
  }
  if (bytes > DATASET_LIMITS.maxArchiveBytes) {
    throw new InputError('payload_too_large', `the archive holds ${bytes} bytes uncompressed; at most ${DATASET_LIMITS.maxArchiveBytes} are taken`, { bytes, limit: DATASET_LIMITS.maxArchiveBytes });
  }
}
