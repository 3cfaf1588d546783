import { InputError } from '../errors.ts';
import type { ArchiveEntry } from './archive-entry.ts';
import type { DatasetItem, ImageRow } from './dataset-item.ts';
import { readArchive } from './read-archive.ts';

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;
const MAX_SIDE = 1024;

/**
 * An IDX dataset (MNIST's format): a zip or tar holding one images file (`…idx3-ubyte`, unsigned
 * bytes, count × rows × columns) and one labels file (`…idx1-ubyte`); label `n` is named "n".
 * Throws InputError `validation_failed` when the pair is missing or the two files disagree.
 */
export function* parseIdx(bytes: Uint8Array): Generator<DatasetItem<ImageRow>> {
  const entries = readArchive(bytes);
  const imagesEntry = onlyEntry(entries, 'idx3-ubyte');
  const labelsEntry = onlyEntry(entries, 'idx1-ubyte');
  const images = imagesEntry.read();
  const labels = labelsEntry.read();
  const imagesView = new DataView(images.buffer, images.byteOffset, images.byteLength);
  const labelsView = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  if (images.length < 16 || imagesView.getUint32(0) !== IMAGES_MAGIC) throw invalid(`${imagesEntry.path} is not an IDX file of unsigned-byte images (magic 0x00000803)`);
  if (labels.length < 8 || labelsView.getUint32(0) !== LABELS_MAGIC) throw invalid(`${labelsEntry.path} is not an IDX file of unsigned-byte labels (magic 0x00000801)`);
  const count = imagesView.getUint32(4);
  const height = imagesView.getUint32(8);
  const width = imagesView.getUint32(12);
  if (width === 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) throw invalid(`${imagesEntry.path}: images of ${width}×${height} (1 to ${MAX_SIDE} a side)`);
  const pixelsEach = width * height;
  if (images.length !== 16 + count * pixelsEach) throw invalid(`${imagesEntry.path}: ${images.length} bytes where ${count} images of ${width}×${height} take ${16 + count * pixelsEach}`);
  if (labelsView.getUint32(4) !== count || labels.length !== 8 + count) throw invalid(`${labelsEntry.path} does not hold one label for each of the ${count} images`);
  for (let i = 0; i < count; i++) {
    const pixels = images.subarray(16 + i * pixelsEach, 16 + (i + 1) * pixelsEach);
    yield { row: { entry: `${imagesEntry.path}#${i}`, label: String(labels[8 + i]), image: { kind: 'pixels', width, height, pixels } } };
  }
}

function onlyEntry(entries: readonly ArchiveEntry[], suffix: string): ArchiveEntry {
  const matches = entries.filter((entry) => entry.path.endsWith(suffix));
  if (matches.length !== 1) throw invalid(`an IDX dataset holds exactly one file ending in ${suffix}; this one has ${matches.length}`);
  return matches[0] as ArchiveEntry;
}

function invalid(message: string): InputError {
  return new InputError('validation_failed', message);
}
