import path from 'node:path';
import { artifactKey, sha256Hex } from '@edgeml/shared';
import { textModelManifestSchema } from '@edgeml/shared/schemas/manifest';
import { DEFAULT_TEXT_TOKENIZER_PARAMS } from '@edgeml/shared/text/text-tokenizer-params';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { REPO_ROOT } from '../../support/published-model.ts';
import { tinyTextModel, TINY_TEXT_CONFIG } from '../../text/tiny-text-model.ts';

/**
 * Publishes the text tests' tiny spam classifier (trained once, cached in .artifacts/) into a
 * local R2 as `name`, so the text predict path can be sent hostile bodies too.
 */
export async function publishTinyTextModel(persistDir: string, name: string, version = '20261128T200000Z-text01'): Promise<void> {
  const tiny = await tinyTextModel();
  const vocabulary = new TextEncoder().encode(JSON.stringify(tiny.vocabulary));
  const vocabularyArtifact = { key: artifactKey(name, version, 'vocabulary.json'), bytes: vocabulary.length, sha256: await sha256Hex(vocabulary), contentType: 'application/json' };
  const manifest = textModelManifestSchema.parse({
    schemaVersion: 1,
    name,
    version,
    task: 'text-classification',
    labels: tiny.labels,
    input: {
      kind: 'text',
      name: 'input',
      maxLength: tiny.maxLength,
      vocabularySize: tiny.vocabulary.tokens.length,
      vocabulary: { key: vocabularyArtifact.key, sha256: vocabularyArtifact.sha256 },
      tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS,
      maxChars: 1000,
    },
    output: { name: 'probabilities', kind: 'probabilities' },
    metrics: { testAccuracy: tiny.testAccuracy },
    artifacts: {
      model: { key: artifactKey(name, version, 'model.onnx'), bytes: tiny.onnx.length, sha256: await sha256Hex(tiny.onnx), contentType: 'application/octet-stream' },
      vocabulary: vocabularyArtifact,
    },
    training: { architecture: TINY_TEXT_CONFIG.architecture, dataset: 'spam-slice', epochs: TINY_TEXT_CONFIG.epochs, batchSize: TINY_TEXT_CONFIG.batchSize, optimizer: 'adam', learningRate: 0.001, backend: 'cpu' },
    createdAt: '2026-11-28T20:00:00.000Z',
  });
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    await publishModelVersion({ store, manifest, artifacts: { model: tiny.onnx, vocabulary } });
  } finally {
    await store.close();
  }
}
