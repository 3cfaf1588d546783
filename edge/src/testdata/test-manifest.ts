import { artifactKey, modelManifestSchema, type ModelManifest } from '@edgeml/shared';

/** A valid MNIST-shaped manifest for unit tests; `overrides` replace top-level fields. */
export function testManifest(overrides: Partial<ModelManifest> = {}): ModelManifest {
  return modelManifestSchema.parse({
    schemaVersion: 1,
    name: 'mnist',
    version: '20261128T120000Z-abcdef12',
    task: 'image-classification',
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    input: {
      kind: 'image',
      name: 'input',
      shape: [-1, 28, 28, 1],
      preprocessing: { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 },
    },
    output: { name: 'probs', kind: 'probabilities' },
    metrics: { testAccuracy: 0.98 },
    artifacts: {
      model: {
        key: artifactKey('mnist', '20261128T120000Z-abcdef12', 'model.onnx'),
        bytes: 1000,
        sha256: 'a'.repeat(64),
        contentType: 'application/octet-stream',
      },
    },
    training: { architecture: 'small-cnn', dataset: 'mnist', epochs: 1, batchSize: 64, optimizer: 'adam', learningRate: 0.001, backend: 'cpu' },
    createdAt: '2026-11-28T12:00:00.000Z',
    ...overrides,
  });
}
