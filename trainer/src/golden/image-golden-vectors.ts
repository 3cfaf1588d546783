import type { GoldenVectors, ImagePreprocessing } from '@edgeml/shared';
import type { LayersModel } from '../tf.ts';
import { goldenImageInputs } from './golden-image-inputs.ts';
import { onnxGoldenVectors } from './onnx-golden-vectors.ts';
import { tfjsGoldenVectors } from './tfjs-golden-vectors.ts';

export interface ImageGoldenSource {
  /** The tfjs model the ONNX was exported from; absent for ONNX tfjs cannot reproduce (int8), whose reference is onnxruntime-node. */
  model?: LayersModel;
  onnx: { bytes: Uint8Array; inputName: string; outputName: string };
}

/** Golden vectors of an image model on `goldenImageInputs`: tfjs outputs when the tfjs model is given, else onnxruntime-node's for the ONNX bytes. */
export async function imageGoldenVectors(
  source: ImageGoldenSource,
  run: { imageShape: readonly [number, number, number]; preprocessing: ImagePreprocessing },
): Promise<GoldenVectors> {
  const { data, dims } = await goldenImageInputs(run.imageShape, run.preprocessing);
  return source.model ? tfjsGoldenVectors(source.model, source.onnx, data, dims) : onnxGoldenVectors(source.onnx.bytes, source.onnx, data, dims);
}
