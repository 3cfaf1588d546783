import { readImageHeader, requestPixelWeight } from '@edgeml/shared';
import type { ImageInput } from './predict-input.ts';

/**
 * Weighted pixels (see requestPixelWeight) from which a request's decoding is "heavy": 512×512,
 * about 50 ms of decode in workerd. Lighter requests never wait.
 */
export const HEAVY_DECODE_PIXELS = 512 * 512;

/** The heavy decodes of this isolate, one after another: each waits for the one before it to end. */
let queue: Promise<void> = Promise.resolve();

/**
 * Runs `decode` for a request's images, one heavy request at a time per isolate. Decoding is
 * synchronous, so while one runs every other request of the isolate waits; without the gate,
 * heavy requests that arrive together decode back to back, and a small request arriving among
 * them waits for all of them (`npm run bench -- --only abuse`: p99 1.2 s beside 3 heavy senders).
 * With it, each heavy decode starts only after a macrotask turn, so requests that arrived during
 * the previous one (small ones, which skip the gate) run first: a small request waits for at
 * most one heavy decode.
 */
export async function gateHeavyDecode<T>(input: ImageInput, decode: () => T): Promise<T> {
  if (decodeWeight(input) < HEAVY_DECODE_PIXELS) return decode();
  const previous = queue;
  let release!: () => void;
  queue = new Promise<void>((resolve) => (release = resolve));
  try {
    await previous;
    // A macrotask turn, not a microtask: the requests that arrived meanwhile get the thread first.
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    return decode();
  } finally {
    release();
  }
}

/** The request's weighted pixels from its images' headers; an unreadable header counts as none (decoding will refuse it). */
function decodeWeight(input: ImageInput): number {
  if (input.kind !== 'images') return 0;
  let total = 0;
  for (const bytes of input.images) {
    try {
      const header = readImageHeader(bytes);
      total += header.width * header.height * requestPixelWeight(header);
    } catch {
      // Refused by toInputBatch with the right error.
    }
  }
  return total;
}
