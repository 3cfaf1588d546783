import { Unzlib, unzlibSync } from 'fflate';
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
const MAX_SLICE_BYTES = 64 * 1024;
/**
 * A stream this short in one IDAT chunk (a small digit's PNG) is inflated in one call, straight into
 * the output: it can expand to at most ~0.5 MiB, so even a bomb costs little. The streaming inflater
 * allocates ~200 KB per image (its 32 KiB window, then room for 128 KiB more) and copies its window
 * on each push; longer or split streams, bombs among them, keep it and its bound.
 */
const SHORT_STREAM_BYTES = 512;
/** A zlib stream's own bytes besides the deflate data: a 2-byte header and an Adler-32. */
const ZLIB_FRAME_BYTES = 6;

/**
 * Inflates a zlib stream split across `parts` into exactly `expectedLength` bytes, stopping as
 * soon as the output would pass that length: a decompression bomb costs at most about twice the
 * expected size, never what it would inflate to.
 * Throws InputError `invalid_image` when the stream is corrupt, shorter or longer than expected.
 */
export function inflateBounded(parts: readonly Uint8Array[], expectedLength: number): Uint8Array {
  return parts.length === 1 && parts[0]!.length <= SHORT_STREAM_BYTES ? inflateShort(parts[0]!, expectedLength) : inflateStreaming(parts, expectedLength);
}

function inflateShort(stream: Uint8Array, expectedLength: number): Uint8Array {
  // fflate returns its whole output buffer for a stream without deflate data: nothing was inflated.
  if (stream.length <= ZLIB_FRAME_BYTES) throw truncated(0, expectedLength);
  // One byte of room past the expected length shows a longer stream; fflate drops what it would write beyond.
  let output: Uint8Array;
  try {
    output = unzlibSync(stream, { out: new Uint8Array(expectedLength + 1) });
  } catch (error) {
    throw new InputError('invalid_image', `corrupt PNG: ${errorMessage(error)}`);
  }
  if (output.length > expectedLength) throw inflatesPast(expectedLength);
  if (output.length !== expectedLength) throw truncated(output.length, expectedLength);
  return output;
}

function inflateStreaming(parts: readonly Uint8Array[], expectedLength: number): Uint8Array {
  const output = new Uint8Array(expectedLength);
  let written = 0;
  const inflater = new Unzlib((chunk) => {
    if (written + chunk.length > expectedLength) throw inflatesPast(expectedLength);
    output.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (const part of parts) {
      for (let start = 0; start < part.length; ) {
        const room = Math.floor((expectedLength - written) / MAX_DEFLATE_RATIO);
        const slice = Math.min(MAX_SLICE_BYTES, Math.max(MIN_SLICE_BYTES, room));
        inflater.push(part.subarray(start, start + slice));
        start += slice;
      }
    }
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('invalid_image', `corrupt PNG: ${errorMessage(error)}`);
  }
  if (written !== expectedLength) throw truncated(written, expectedLength);
  return output;
}

function inflatesPast(expectedLength: number): InputError {
  return new InputError('invalid_image', `corrupt PNG: the image data inflates past the ${expectedLength} bytes its header implies`, { expectedBytes: expectedLength });
}

function truncated(written: number, expectedLength: number): InputError {
  return new InputError('invalid_image', `truncated PNG: ${written} of the ${expectedLength} bytes of image data its header implies`);
}
