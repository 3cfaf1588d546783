import { artifactKey, DEFAULT_TEXT_TOKENIZER_PARAMS, sha256Hex, textModelManifestSchema, type TextModelManifest } from '@edgeml/shared';
import { tinyTextModel, TINY_TEXT_CONFIG, type TinyTextModel } from './tiny-text-model.ts';

export interface TinyTextVersion {
  tiny: TinyTextModel;
  manifest: TextModelManifest;
  /** What the manifest names: the ONNX model and the vocabulary's JSON. */
  artifacts: { model: Uint8Array; vocabulary: Uint8Array };
}

/**
 * The tests' one text manifest: the tiny spam classifier (trained once, cached in .artifacts/)
 * as version `version` of model `name`, with its artifacts, ready to publish.
 */
export async function tinyTextVersion(name: string, version: string, createdAt = '2026-11-28T20:00:00.000Z'): Promise<TinyTextVersion> {
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
    createdAt,
  });
  return { tiny, manifest, artifacts: { model: tiny.onnx, vocabulary } };
}
