import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactKey, DEFAULT_TEXT_TOKENIZER_PARAMS, sha256Hex, textModelManifestSchema } from '@edgeml/shared';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { openTempR2Store } from '../publish/testdata/open-temp-r2-store.ts';
import { findPublishedManifest } from './find-published-manifest.ts';

let store: ObjectStore;
let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ store, dispose } = await openTempR2Store());
});

afterAll(() => dispose?.());

describe('findPublishedManifest', () => {
  it("finds a text model's production version too (npm start reuses its spam model), and null for a missing model", async () => {
    const [name, version] = ['spam', '20261203T000000Z-text'];
    const model = new Uint8Array(512).map((_, i) => i % 7);
    const vocabulary = new TextEncoder().encode(JSON.stringify({ tokens: ['<pad>', '<unk>', 'win'] }));
    const vocabularyArtifact = { key: artifactKey(name, version, 'vocabulary.json'), bytes: vocabulary.length, sha256: await sha256Hex(vocabulary), contentType: 'application/json' };
    const manifest = textModelManifestSchema.parse({
      schemaVersion: 1,
      name,
      version,
      task: 'text-classification',
      labels: ['ham', 'spam'],
      input: { kind: 'text', name: 'input', maxLength: 8, vocabularySize: 3, vocabulary: { key: vocabularyArtifact.key, sha256: vocabularyArtifact.sha256 }, tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS, maxChars: 1000 },
      output: { name: 'probabilities', kind: 'probabilities' },
      metrics: { testAccuracy: 0.98 },
      artifacts: {
        model: { key: artifactKey(name, version, 'model.onnx'), bytes: model.length, sha256: await sha256Hex(model), contentType: 'application/octet-stream' },
        vocabulary: vocabularyArtifact,
      },
      training: { architecture: 'pooled', dataset: 'spam', epochs: 1, batchSize: 64, optimizer: 'adam', learningRate: 0.005, backend: 'cpu' },
      createdAt: new Date().toISOString(),
    });
    await publishModelVersion({ store, manifest, artifacts: { model, vocabulary } });
    expect(await findPublishedManifest(store, name)).toEqual(manifest);
    expect(await findPublishedManifest(store, 'nothing-here')).toBeNull();
  });
});
