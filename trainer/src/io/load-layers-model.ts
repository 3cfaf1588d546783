import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TrainerError } from '../errors.ts';
import { tf, type LayersModel } from '../tf.ts';

/** Reads a model written by `saveLayersModel`. */
export async function loadLayersModel(dir: string): Promise<LayersModel> {
  let modelJson: { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  let weights: Uint8Array;
  try {
    modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    weights = await readFile(path.join(dir, 'weights.bin'));
  } catch (error) {
    throw new TrainerError('not_found', `no trained model in ${dir} (model.json + weights.bin): ${(error as Error).message}`);
  }
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData,
    }),
  );
}
