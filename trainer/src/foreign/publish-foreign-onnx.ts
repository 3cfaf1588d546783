import { foreignManifestSchema, type AnyModelManifest } from '@edgeml/shared';
import { TrainerError } from '../errors.ts';
import { publishVersion } from '../pipeline/publish-version.ts';
import { readVocabulary } from '../text/read-vocabulary.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { validateForeignOnnx, type ForeignOnnxReport } from './validate-foreign-onnx.ts';

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
  // Checked before the model is, as publishing checks it again: a wrong vocabulary is named before any ONNX problem.
  readVocabulary(foreign.input, params.vocabulary);
  const report = await validateForeignOnnx(params.onnx, foreign);
  // The author's manifest names the graph's input and output and says what the output holds.
  const onnx = { bytes: params.onnx, inputName: foreign.input.name, outputName: foreign.output.name, outputKind: foreign.output.kind };
  const manifest = await publishVersion({ store: params.store, source: { onnx }, foreign, vocabulary: params.vocabulary, now: params.now, promote: params.promote ?? true });
  return { manifest, report };
}
