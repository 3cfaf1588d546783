import { Unzlib } from 'fflate';
import { InputError } from '../errors.ts';
import { errorMessage } from './error-message.ts';

/** Deflate expands at most ~1032:1 (258-byte matches coded in 2 bits). */
const MAX_DEFLATE_RATIO = 1032;
/**
 * Compressed bytes pushed at a time: what can at most fill the rest of the expected output,
 * within these bounds. Small pushes cost a 32 KiB window copy each, so not too small; a 64-byte
 * push can overshoot by at most ~66 KB.
 */
const MIN_SLICE_BYTES = 64;
/**
 * A stream this short goes in one push (it inflates to at most ~0.5 MiB): a 28×28 PNG's decode and
 * preprocessing cost 0.65-0.77 ms of CPU in 64-byte pushes, each paying fflate's window copy, and
 * 0.29-0.30 ms in one. Longer streams, bombs among them, keep the 64-byte bound.
 */
const ONE_PUSH_MAX_BYTES = 512;
const MAX_SLICE_BYTES = 64 * 1024;

/**
 * Inflates a zlib stream split across `parts` into exactly `expectedLength` bytes, stopping as
 * soon as the output would pass that length: a decompression bomb costs at most about twice the
 * expected size, never what it would inflate to.
 * Throws InputError `invalid_image` when the stream is corrupt, shorter or longer than expected.
 */
export function inflateBounded(parts: readonly Uint8Array[], expectedLength: number): Uint8Array {
  const output = new Uint8Array(expectedLength);
  let written = 0;
  const inflater = new Unzlib((chunk) => {
    if (written + chunk.length > expectedLength) {
      throw new InputError(
        'invalid_image',
        `corrupt PNG: the image data inflates past the ${expectedLength} bytes its header implies`,
        { expectedBytes: expectedLength },
      );
    }
    output.set(chunk, written);
    written += chunk.length;
  });
  const onePush = parts.reduce((sum, part) => sum + part.length, 0) <= ONE_PUSH_MAX_BYTES;
  try {
    for (const part of parts) {
      for (let start = 0; start < part.length; ) {
        const room = Math.floor((expectedLength - written) / MAX_DEFLATE_RATIO);
        const slice = onePush ? part.length : Math.min(MAX_SLICE_BYTES, Math.max(MIN_SLICE_BYTES, room));
        inflater.push(part.subarray(start, start + slice));
        start += slice;
      }
    }
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('invalid_image', `corrupt PNG: ${errorMessage(error)}`);
  }
  if (written !== expectedLength) {
    throw new InputError('invalid_image', `truncated PNG: ${written} of the ${expectedLength} bytes of image data its header implies`);
  }
  return output;
}
