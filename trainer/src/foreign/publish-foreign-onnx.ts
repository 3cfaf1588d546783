import {
  artifactKey,
  foreignManifestSchema,
  imageInputDims,
  sha256Hex,
  textVocabularySchema,
  TextTokenizer,
  type AnyModelManifest,
  type ForeignManifest,
  type GoldenVectors,
} from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { addGoldenArtifact } from '../golden/add-golden-artifact.ts';
import { goldenImageInputs, GOLDEN_COUNT } from '../golden/golden-image-inputs.ts';
import { servingGoldenVectors } from '../golden/serving-golden-vectors.ts';
import { makeVersion } from '../pipeline/build-manifest.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { publishModelVersion } from '../publish/publish-model-version.ts';
import { validateForeignOnnx, type ForeignOnnxReport } from './validate-foreign-onnx.ts';

/** Texts whose token ids make a text model's golden inputs: common words, unknown ones and an empty row. */
const GOLDEN_TEXTS = ['hello, are we still on for lunch tomorrow?', 'WIN a FREE prize now!!! click here', 'the', '', 'meeting notes attached', 'unsubscribe offer limited time', 'zzqx qqzz', 'thanks'];

export interface PublishForeignOnnxParams {
  store: ObjectStore;
  onnx: Uint8Array;
  /** The manifest as the user wrote it (parsed JSON), checked against `foreignManifestSchema`. */
  manifest: unknown;
  /** A text model's vocabulary.json bytes (required for text, refused for images). */
  vocabulary?: Uint8Array;
  /** Point production at it (default true, as `trainer publish` does). */
  promote?: boolean;
  now?: Date;
}

/**
 * Publishes an ONNX model made elsewhere (say, exported from PyTorch) with a manifest its author
 * wrote: validated first (validate-foreign-onnx.ts), then published like the trainer's own models
 * with sizes, sha256 and golden vectors (onnxruntime-web's outputs, cross-checked by onnxruntime-node) filled in. Nothing is written
 * when a check fails.
 */
export async function publishForeignOnnx(params: PublishForeignOnnxParams): Promise<{ manifest: AnyModelManifest; report: ForeignOnnxReport }> {
  const parsed = foreignManifestSchema.safeParse(params.manifest);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'manifest'}: ${issue.message}`);
    throw new TrainerError('invalid_argument', `the manifest is invalid: ${issues.join('; ')}`, { problems: issues });
  }
  const foreign = parsed.data;
  const tokenizer = readVocabulary(foreign, params.vocabulary);
  const report = await validateForeignOnnx(params.onnx, foreign);

  const now = params.now ?? new Date();
  const sha256 = await sha256Hex(params.onnx);
  const version = foreign.version ?? makeVersion(now, sha256);
  const model = { key: artifactKey(foreign.name, version, 'model.onnx'), bytes: params.onnx.length, sha256, contentType: 'application/octet-stream' };
  let manifest: AnyModelManifest;
  const artifacts: Record<string, Uint8Array> = { model: params.onnx };
  let golden: GoldenVectors;
  const io = { inputName: foreign.input.name, outputName: foreign.output.name };
  if (foreign.task === 'text-classification') {
    const vocabulary = params.vocabulary!;
    const vocabularyArtifact = { key: artifactKey(foreign.name, version, 'vocabulary.json'), bytes: vocabulary.length, sha256: await sha256Hex(vocabulary), contentType: 'application/json' };
    manifest = {
      ...foreign,
      version,
      input: { ...foreign.input, vocabulary: { key: vocabularyArtifact.key, sha256: vocabularyArtifact.sha256 } },
      artifacts: { model, vocabulary: vocabularyArtifact },
      createdAt: now.toISOString(),
    };
    artifacts.vocabulary = vocabulary;
    const ids = tokenizer!.encodeBatch(GOLDEN_TEXTS);
    golden = await servingGoldenVectors({ onnx: { ...io, bytes: params.onnx } }, ids, [GOLDEN_TEXTS.length, foreign.input.maxLength]);
  } else {
    manifest = { ...foreign, version, artifacts: { model }, createdAt: now.toISOString() };
    const [, height, width, channels] = foreign.input.shape;
    // One channel: NHWC, NCHW and flat hold the same values, so only the dims change.
    const inputs = await goldenImageInputs([height, width, channels], foreign.input.preprocessing);
    golden = await servingGoldenVectors({ onnx: { ...io, bytes: params.onnx } }, inputs.data, imageInputDims(foreign.input, GOLDEN_COUNT));
  }
  const withGolden = await addGoldenArtifact(manifest, golden);
  artifacts.golden = withGolden.bytes;
  const published = await publishModelVersion({ store: params.store, manifest: withGolden.manifest, artifacts, promote: params.promote ?? true });
  return { manifest: published.manifest, report };
}

function readVocabulary(manifest: ForeignManifest, bytes: Uint8Array | undefined): TextTokenizer | undefined {
  if (manifest.task !== 'text-classification') {
    if (bytes) throw new TrainerError('invalid_argument', 'a vocabulary is for text models; this manifest is an image model');
    return undefined;
  }
  if (!bytes) throw new TrainerError('invalid_argument', 'a text model needs its vocabulary: give --vocabulary vocabulary.json');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new TrainerError('invalid_argument', `the vocabulary is not JSON: ${(error as Error).message}`);
  }
  const vocabulary = textVocabularySchema.safeParse(json);
  if (!vocabulary.success) throw new TrainerError('invalid_argument', `the vocabulary is invalid: ${vocabulary.error.issues.map((issue) => issue.message).join('; ')}`);
  if (vocabulary.data.tokens.length !== manifest.input.vocabularySize) {
    throw new TrainerError('invalid_argument', `the vocabulary has ${vocabulary.data.tokens.length} tokens but input.vocabularySize says ${manifest.input.vocabularySize}`);
  }
  return new TextTokenizer(vocabulary.data, manifest.input.maxLength);
}
