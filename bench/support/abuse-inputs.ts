/**
 * The abuse section's request classes: for each kind of input, the heaviest request the worker's
 * default limits still accept (found by asking the worker, so the figures follow its limits as they
 * change), and a bomb it must refuse.
 */
import { digitGreyJpeg, digitSampler } from '@edgeml/test/hostile/support/digit-images';
import { encodeGreyJpeg, jpegWithDimensions } from '@edgeml/test/hostile/support/craft-jpeg';
import { encodePng, pngBomb, pngWithDimensions, type PngColourType } from '@edgeml/test/hostile/support/craft-png';
import { encode as encodeJpeg } from 'jpeg-js';

export interface AbuseRequest {
  name: string;
  contentType: string;
  body: Uint8Array<ArrayBuffer>;
  /** What the request holds, for the table: e.g. `1448×1448`, `64 × 28×28`. */
  shape: string;
  /** 200 when the class is within the limits; the bomb must be refused. */
  expect: 'accepted' | 'refused';
}

/** Posts a body and answers the status and error code (if any). */
export type Probe = (body: Uint8Array<ArrayBuffer>, contentType: string) => Promise<{ status: number; code?: string }>;

const SIDE = 28;
/** A little texture on top of the upscaled digit, so inflate and the DCT have real work. */
const texture = (x: number, y: number) => ((x * 31 + y * 17) & 15) - 8;
const clamp = (v: number) => Math.max(0, Math.min(255, v));

/** An upscaled digit of side `side` (not a multiple of 28 in general: the sampler clamps). */
function digitAt(pixels: Uint8Array, side: number): (x: number, y: number) => number {
  const grey = digitSampler(pixels, side / SIDE);
  return (x, y) => clamp(grey(Math.min(x, side - 1), Math.min(y, side - 1)) + texture(x, y));
}

function png(pixels: Uint8Array, side: number, bitDepth: 8 | 16, colourType: PngColourType, interlaced: boolean): Uint8Array<ArrayBuffer> {
  const grey = digitAt(pixels, side);
  const max = 2 ** bitDepth - 1;
  const alpha = colourType === 6 ? 3 : colourType === 4 ? 1 : -1;
  return encodePng({ width: side, height: side, bitDepth, colourType, interlaced, sample: (x, y, c) => (c === alpha ? max : Math.round((grey(x, y) * max) / 255)) });
}

function baselineJpeg(pixels: Uint8Array, side: number): Uint8Array<ArrayBuffer> {
  const grey = digitAt(pixels, side);
  const rgba = new Uint8Array(side * side * 4);
  for (let i = 0; i < side * side; i++) rgba.fill(grey(i % side, Math.floor(i / side)), i * 4, i * 4 + 3), (rgba[i * 4 + 3] = 255);
  return new Uint8Array(encodeJpeg({ data: rgba, width: side, height: side }, 90).data);
}

export function multipart(images: Uint8Array[], type: string): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const encoder = new TextEncoder();
  const boundary = 'abuse-bench-boundary';
  const parts = images.flatMap((bytes, i) => [encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${i}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, encoder.encode('\r\n')]);
  return { body: new Uint8Array(Buffer.concat([...parts, encoder.encode(`--${boundary}--\r\n`)])), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The largest value in [low, high] for which `ok` holds, given it holds at `low` and is monotone. */
async function largest(low: number, high: number, ok: (value: number) => Promise<boolean>): Promise<number> {
  if (await ok(high)) return high;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (await ok(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * Every abuse class at its largest accepted size. `digits` are 28×28 MNIST digits (light on
 * black); `maxBatch` the worker's MAX_BATCH; the sizes are probed with `accepts`.
 */
export async function buildAbuseRequests(digits: Uint8Array[], maxBatch: number, probe: Probe, log: (line: string) => void): Promise<AbuseRequest[]> {
  const pixels = digits[0]!;
  const accepts = async (body: Uint8Array<ArrayBuffer>, contentType: string) => (await probe(body, contentType)).status === 200;
  const single = async (name: string, contentType: string, make: (side: number) => Uint8Array<ArrayBuffer>): Promise<AbuseRequest> => {
    // The small image with its header's size changed: refused by a limit, or read on and found corrupt
    // (400 invalid_image: within the limits). Cheap, where encoding a 4096² image to probe is not.
    const small = make(SIDE);
    const resize = contentType === 'image/png' ? pngWithDimensions : jpegWithDimensions;
    const headerSide = await largest(SIDE, 4096, async (s) => {
      const answer = await probe(resize(small, s, s), contentType);
      return answer.status === 200 || answer.code === 'invalid_image';
    });
    // The real image at that size may still be refused (the body limit, a budget by bytes): search below it.
    const side = await largest(SIDE, headerSide, (s) => accepts(make(s), contentType));
    log(`  ${name}: largest accepted ${side}×${side}`);
    return { name, contentType, body: make(side), shape: `${side}×${side}`, expect: 'accepted' };
  };
  const requests = [
    await single('8-bit grey PNG', 'image/png', (s) => png(pixels, s, 8, 0, false)),
    await single('16-bit RGBA PNG', 'image/png', (s) => png(pixels, s, 16, 6, false)),
    await single('interlaced 8-bit RGB PNG', 'image/png', (s) => png(pixels, s, 8, 2, true)),
    await single('baseline JPEG (RGB, q90)', 'image/jpeg', (s) => baselineJpeg(pixels, s)),
    await single('progressive grey JPEG', 'image/jpeg', (s) => encodeGreyJpeg({ width: s, height: s, sample: digitAt(pixels, s), progressive: true, quantiser: 6 })),
  ];
  // The heaviest batch: as many of the largest 16-bit PNGs as one request may carry (a per-request pixel budget bounds it).
  const heavy = requests[1]!;
  const heavyBatch = (count: number) => multipart(new Array<Uint8Array>(count).fill(heavy.body), 'image/png');
  let count = 1;
  while (count < maxBatch && (await accepts(heavyBatch(Math.min(count * 2, maxBatch)).body, heavyBatch(1).contentType))) count = Math.min(count * 2, maxBatch);
  if (count < maxBatch) count = await largest(count, Math.min(count * 2, maxBatch), async (n) => accepts(heavyBatch(n).body, heavyBatch(1).contentType));
  log(`  multipart of 16-bit RGBA PNGs: ${count} accepted in one request`);
  requests.push({ name: 'multipart, largest 16-bit PNGs', ...heavyBatch(count), shape: `${count} × ${heavy.shape}`, expect: 'accepted' });
  const small = multipart(digits.slice(0, maxBatch).map((digit) => encodePng({ width: SIDE, height: SIDE, bitDepth: 8, colourType: 0, sample: (x, y) => digit[y * SIDE + x]! })), 'image/png');
  requests.push({ name: 'multipart, max batch of digit PNGs', ...small, shape: `${maxBatch} × 28×28`, expect: 'accepted' });
  // Pixels as long floats in [0, 1) (scale 1): the most JSON text per value the schema takes.
  const instances = digits.slice(0, maxBatch).map((digit) => ({ pixels: Array.from(digit, (v) => v / 256 + 1e-12) }));
  requests.push({ name: 'JSON pixels, max batch', contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify({ instances, scale: 1 })), shape: `${maxBatch} × 784 floats`, expect: 'accepted' });
  requests.push({ name: 'progressive JPEG digit (small)', contentType: 'image/jpeg', body: digitGreyJpeg(pixels, { progressive: true }), shape: '28×28', expect: 'accepted' });
  requests.push({ name: 'PNG bomb, 1×1 → 256 MiB', contentType: 'image/png', body: await pngBomb(1, 1, 256 * 2 ** 20), shape: '1×1 header', expect: 'refused' });
  return requests;
}
