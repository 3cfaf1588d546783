import { foldsWeightDequantize, type AnyModelManifest, type ModelManifest } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { createSession, type OrtSession } from '../runtime/ort.ts';
import { loadVocabulary } from '../text/load-vocabulary.ts';
import type { LoadedTextModel } from '../text/predict-text.ts';
import { checkGoldenVectors } from './check-golden-vectors.ts';
import { loadModelBytes } from './load-model-bytes.ts';
import { readGoldenVectors } from './read-golden-vectors.ts';

export interface LoadedImageModel {
  manifest: ModelManifest;
  session: OrtSession;
}

/** A loaded model, narrowed on `manifest.task`; a text model carries its tokenizer, loaded with the session. */
export type LoadedModel = (LoadedImageModel | LoadedTextModel) & {
  /** Where this load's time went; `takeLoadTiming` hands it to the first prediction only. */
  loadTiming?: LoadTiming;
};

export interface LoadTiming {
  /** R2 get, body read and sha256 check of the ONNX artifact. */
  r2ReadMs: number;
  wasmInstantiateMs: number;
  sessionCreateMs: number;
  /** What is left of the golden vectors' read (begun with the model's), and their run: the new session's first. */
  goldenCheckMs: number;
}

/**
 * A session for a manifest's verified ONNX artifact. Bytes ORT cannot load, or a graph whose
 * input and output names differ from the manifest's, make the version `model_unavailable`; outputs
 * that disagree with the version's golden vectors make it `golden_mismatch`.
 */
export async function loadModel(params: {
  bucket: R2Bucket;
  manifest: AnyModelManifest;
  maxModelBytes: number;
  wasmModule: WebAssembly.Module;
}): Promise<LoadedModel> {
  const { manifest } = params;
  const label = `${manifest.name}@${manifest.version}`;
  // Read beside the model's bytes and its session's creation: on Cloudflare each R2 read is a round
  // trip the first prediction would otherwise wait for once more. Awaited below, after any earlier
  // failure, so a rejection is only marked handled here.
  const goldenRead = readGoldenVectors(params.bucket, manifest);
  const vocabularyRead = manifest.task === 'text-classification' ? loadVocabulary(params.bucket, manifest) : undefined;
  for (const read of [goldenRead, vocabularyRead]) read?.catch(() => {});
  const readStarted = performance.now();
  const bytes = await loadModelBytes(params.bucket, manifest, params.maxModelBytes);
  const r2ReadMs = performance.now() - readStarted;
  let session: OrtSession;
  let sessionTiming: Omit<LoadTiming, 'r2ReadMs' | 'goldenCheckMs'> | undefined;
  try {
    session = await createSession(bytes, params.wasmModule, (timing) => (sessionTiming = timing), {
      foldWeightDequantize: foldsWeightDequantize(manifest.variant),
    });
  } catch (error) {
    console.error(`cannot load ${label}:`, error);
    throw new EdgeError('model_unavailable', `model ${label} cannot be loaded`);
  }
  if (!session.inputNames.includes(manifest.input.name) || !session.outputNames.includes(manifest.output.name)) {
    await session.release().catch(() => {});
    throw new EdgeError(
      'model_unavailable',
      `model ${label} has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], ` +
        `not the manifest's "${manifest.input.name}" and "${manifest.output.name}"`,
    );
  }
  const goldenStarted = performance.now();
  try {
    await checkGoldenVectors(await goldenRead, manifest, session);
  } catch (error) {
    await session.release().catch(() => {});
    throw error;
  }
  const loadTiming: LoadTiming | undefined = sessionTiming && { r2ReadMs, ...sessionTiming, goldenCheckMs: performance.now() - goldenStarted };
  if (manifest.task === 'text-classification') {
    try {
      return { manifest, session, loadTiming, tokenizer: await vocabularyRead! };
    } catch (error) {
      await session.release().catch(() => {});
      throw error;
    }
  }
  return { manifest, session, loadTiming };
}
