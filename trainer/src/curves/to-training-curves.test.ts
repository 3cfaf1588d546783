import { sha256Hex, trainingCurvesSchema } from '@edgeml/shared';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../pipeline/build-manifest.ts';
import type { RunRecord } from '../pipeline/run-record.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import { toTrainingCurves } from './to-training-curves.ts';

const history: EpochLog[] = [
  { epoch: 1, loss: 0.9, accuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, learningRate: 0.002, seconds: 10, gradientNorm: 1.5, clippedBatches: 2 },
  { epoch: 2, loss: 0.4, accuracy: 0.88, validationLoss: NaN, validationAccuracy: NaN, learningRate: 0.001, seconds: 9.5 },
];

const run: RunRecord = {
  name: 'mnist',
  labels: ['0', '1'],
  preprocessing: { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0, std: 1 },
  imageShape: [28, 28, 1],
  training: { architecture: 'small-cnn', dataset: 'mnist', epochs: 2, batchSize: 64, optimizer: 'adam', learningRate: 0.002, backend: 'wasm' },
  metrics: { testAccuracy: 0.9 },
  history,
  createdAt: '2026-11-28T12:00:00.000Z',
};
const onnx = { path: 'model.onnx', bytes: new Uint8Array([1, 2, 3]), inputName: 'input', outputName: 'probabilities', outputKind: 'probabilities' as const };

describe('toTrainingCurves', () => {
  it('keeps the plotted values per epoch, with unmeasured (NaN) values as null so the JSON is valid', () => {
    const curves = toTrainingCurves(history);
    expect(curves.epochs).toEqual([
      { epoch: 1, loss: 0.9, accuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, learningRate: 0.002, seconds: 10 },
      { epoch: 2, loss: 0.4, accuracy: 0.88, validationLoss: null, validationAccuracy: null, learningRate: 0.001, seconds: 9.5 },
    ]);
    expect(trainingCurvesSchema.parse(JSON.parse(JSON.stringify(curves)))).toEqual(curves);
  });
});

describe('buildManifest with curves', () => {
  it('adds an optional `curves` artifact beside the model, and none without curves', async () => {
    const curves = new TextEncoder().encode(JSON.stringify(toTrainingCurves(history)));
    const manifest = await buildManifest({ run, onnx, version: 'v1', curves });
    expect(manifest.artifacts.curves).toEqual({ key: 'models/mnist/versions/v1/curves.json', bytes: curves.length, sha256: await sha256Hex(curves), contentType: 'application/json' });
    const without = await buildManifest({ run, onnx, version: 'v1' });
    expect(Object.keys(without.artifacts)).toEqual(['model']);
  });
});
