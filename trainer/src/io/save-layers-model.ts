import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tf, type LayersModel } from '../tf.ts';

/**
 * Writes `model.json` (topology + weight manifest) and `weights.bin` to a folder. tfjs's own
 * `file://` handler exists only in tfjs-node, which does not install everywhere.
 */
export async function saveLayersModel(model: LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData ? tf.io.concatenateArrayBuffers([artifacts.weightData].flat()) : new ArrayBuffer(0);
      const modelJson = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(path.join(dir, 'weights.bin'), new Uint8Array(weightData));
      await writeFile(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}
