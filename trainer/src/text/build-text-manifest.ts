import { artifactKey, DEFAULT_TEXT_TOKENIZER_PARAMS, sha256Hex, textModelManifestSchema, type TextModelManifest } from '@edgeml/shared';
import type { ExportedOnnx } from '../onnx/export-onnx.ts';
import { makeVersion } from '../pipeline/build-manifest.ts';
import type { TrainedTextModel } from './train-text-model.ts';

/** Longest text the edge accepts, in characters: far more than `maxLength` words, bounded so a request cannot stall an isolate. */
export const DEFAULT_MAX_TEXT_CHARS = 20_000;

/** The manifest of a text model: the ONNX graph and the vocabulary (`vocabulary.json`) as two artifacts. */
export async function buildTextManifest(params: {
  name: string;
  trained: TrainedTextModel;
  onnx: ExportedOnnx;
  vocabularyBytes: Uint8Array;
  training: TextModelManifest['training'];
  version?: string;
  now?: Date;
}): Promise<TextModelManifest> {
  const { name, trained, onnx } = params;
  const now = params.now ?? new Date();
  const modelSha = await sha256Hex(onnx.bytes);
  const vocabularySha = await sha256Hex(params.vocabularyBytes);
  const version = params.version ?? makeVersion(now, modelSha);
  const vocabularyKey = artifactKey(name, version, 'vocabulary.json');
  return textModelManifestSchema.parse({
    schemaVersion: 1,
    name,
    version,
    task: 'text-classification',
    labels: trained.labels,
    input: {
      kind: 'text',
      name: onnx.inputName,
      maxLength: trained.tokenizer.maxLength,
      vocabularySize: trained.tokenizer.vocabularySize,
      vocabulary: { key: vocabularyKey, sha256: vocabularySha },
      tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS,
      maxChars: DEFAULT_MAX_TEXT_CHARS,
    },
    output: { name: onnx.outputName, kind: onnx.outputKind },
    metrics: trained.metrics,
    artifacts: {
      model: { key: artifactKey(name, version, 'model.onnx'), bytes: onnx.bytes.length, sha256: modelSha, contentType: 'application/octet-stream' },
      vocabulary: { key: vocabularyKey, bytes: params.vocabularyBytes.length, sha256: vocabularySha, contentType: 'application/json' },
    },
    training: params.training,
    createdAt: now.toISOString(),
  });
}
