import * as ort from 'onnxruntime-node';
import { imageInputDims, InputError, preprocessImage, type ModelManifest } from '@edgeml/shared';
import type { ClientImage } from '@edgeml/shared/testdata/client-image-sets';
import { toPredictions } from '@edgeml/edge/predict/to-predictions';
import { expectedCalibrationError } from '@edgeml/trainer/calibrate/expected-calibration-error';
import { dumpFailure } from './dump-failure.ts';

export interface SetResult {
  images: number;
  /** Digit sets: right answers over all images (a no_digit refusal is wrong). Blank set: the share refused as no_digit. */
  score: number;
  refused: number;
  /** Expected calibration error of the answered images, with the manifest's temperature and at temperature 1. */
  ece: number;
  eceUncalibrated: number;
}

/**
 * Runs each image through the worker's own path (preprocessImage, as toInputBatch calls it: decode,
 * the manifest's preprocessing version, normalisation; toPredictions: softmax with the manifest's temperature),
 * the model in onnxruntime-node, and scores the set. With `dump`, every wrong answer is written
 * to `dump.dir` as `<prefix>-<index>-<label>-as-<answer>.png` (dumpFailure).
 */
export async function evaluateClientSet(
  manifest: ModelManifest,
  model: Uint8Array,
  images: ClientImage[],
  dump?: { dir: string; prefix: string },
): Promise<SetResult> {
  const session = await ort.InferenceSession.create(model);
  try {
    let right = 0;
    let refused = 0;
    const calibrated: Array<[number, boolean]> = [];
    const uncalibrated: Array<[number, boolean]> = [];
    const raw = { ...manifest, output: { ...manifest.output, temperature: undefined } };
    const { mean, std } = manifest.input.preprocessing;
    // The input un-normalised back to the recipe's 0-1 levels.
    const record = (index: number, answer: string, input?: Float32Array) =>
      dump && dumpFailure(dump.dir, `${dump.prefix}-${index}-${images[index]!.label ?? 'blank'}-as-${answer}`, images[index]!.bytes, input?.map((v) => v * std + mean));
    for (const [index, image] of images.entries()) {
      let input: Float32Array;
      try {
        input = preprocessImage(image.bytes, manifest.input.preprocessing, { maxSide: 8192, maxPixels: 2 ** 26 });
      } catch (error) {
        if (error instanceof InputError && error.code === 'no_digit') {
          refused++;
          if (image.label !== undefined) record(index, 'no_digit');
          continue;
        }
        throw error;
      }
      const outputs = await session.run({ [manifest.input.name]: new ort.Tensor('float32', input, imageInputDims(manifest.input, 1)) });
      const output = outputs[manifest.output.name]!.data as Float32Array;
      const [best] = toPredictions(output, 1, manifest);
      const [plain] = toPredictions(output, 1, raw);
      const correct = Number(best!.label) === image.label;
      if (correct) right++;
      else record(index, best!.label, input);
      calibrated.push([best!.confidence, correct]);
      uncalibrated.push([plain!.confidence, Number(plain!.label) === image.label]);
    }
    const blank = images.every((image) => image.label === undefined);
    return {
      images: images.length,
      score: (blank ? refused : right) / images.length,
      refused,
      ece: expectedCalibrationError(calibrated),
      eceUncalibrated: expectedCalibrationError(uncalibrated),
    };
  } finally {
    await session.release();
  }
}
