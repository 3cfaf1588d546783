import { InputError } from '../errors.ts';
import { readImageHeader } from '../image/read-image-header.ts';
import type { DatasetItem, ImageRow } from './dataset-item.ts';
import { DATASET_LIMITS } from './dataset-limits.ts';
import { readArchive } from './read-archive.ts';

const IMAGE_FILE = /\.(png|jpe?g)$/i;

/**
 * Images of a zip or tar laid out as `label/name.png|jpg` (the folder an image is in names its
 * label, so a common top folder is fine). Each image's header is read (not its pixels); what
 * cannot be read is a problem naming the entry. Throws InputError for an unreadable or oversized archive.
 */
export function* parseImageFolders(bytes: Uint8Array): Generator<DatasetItem<ImageRow>> {
  for (const archiveEntry of readArchive(bytes)) {
    const entry = archiveEntry.path;
    const problem = (message: string): { problem: { entry: string; message: string } } => ({ problem: { entry, message } });
    const parts = entry.split('/');
    const label = parts.at(-2)?.trim() ?? '';
    if (!IMAGE_FILE.test(entry)) yield problem('not a .png, .jpg or .jpeg file');
    else if (label === '') yield problem('not in a label folder (label/name.png)');
    else if (label.length > DATASET_LIMITS.maxLabelLength) yield problem(`label longer than ${DATASET_LIMITS.maxLabelLength} characters`);
    else {
      try {
        const imageBytes = archiveEntry.read();
        readImageHeader(imageBytes);
        yield { row: { entry, label, image: { kind: 'encoded', bytes: imageBytes } } };
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        yield problem(error.message);
      }
    }
  }
}
