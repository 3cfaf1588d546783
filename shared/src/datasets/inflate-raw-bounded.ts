import { Inflate } from 'fflate';
import { InputError } from '../errors.ts';

/** Compressed bytes pushed at a time: a push inflates to at most ~1032 times this before the size check sees it. */
const SLICE_BYTES = 16 * 1024;

/**
 * Inflates raw deflate data into exactly `size` bytes, stopping as soon as the output would pass
 * it, so an entry that lies about its size costs at most its size plus one slice's expansion.
 * Throws InputError `validation_failed` naming `path` when the data is corrupt or not `size` bytes.
 */
export function inflateRawBounded(data: Uint8Array, size: number, path: string): Uint8Array {
  const output = new Uint8Array(size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > size) throw new InputError('validation_failed', `${path}: inflates past the ${size} bytes its archive declares`);
    output.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let start = 0; start < data.length; start += SLICE_BYTES) inflater.push(data.subarray(start, start + SLICE_BYTES));
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('validation_failed', `${path}: corrupt compressed data (${error instanceof Error ? error.message : String(error)})`);
  }
  if (written !== size) throw new InputError('validation_failed', `${path}: ${written} of the ${size} bytes its archive declares`);
  return output;
}
