import type { TextModelManifest, TextPredictResponse, TextTokenizer } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import { runSession, type OrtSession } from '../runtime/ort.ts';
import { toTextPredictions } from './to-text-predictions.ts';

export interface LoadedTextModel {
  manifest: TextModelManifest;
  session: OrtSession;
  tokenizer: TextTokenizer;
}

/** Tokenises, runs and labels a batch of texts on a loaded text model, timing each step. */
export async function predictText(model: LoadedTextModel, texts: readonly string[]): Promise<TextPredictResponse> {
  const { manifest, session, tokenizer } = model;
  const started = performance.now();
  const ids = tokenizer.encodeBatch(texts);
  const preprocessed = performance.now();
  let output: Float32Array;
  try {
    output = await runSession(session, manifest.input.name, ids, [texts.length, tokenizer.maxLength], manifest.output.name);
  } catch (error) {
    console.error(`running ${manifest.name}@${manifest.version} failed:`, error);
    throw new EdgeError('model_unavailable', `model ${manifest.name}@${manifest.version} failed to run`);
  }
  const inferred = performance.now();
  return {
    model: manifest.name,
    version: manifest.version,
    predictions: toTextPredictions(output, texts, manifest, tokenizer),
    timing: { preprocessMs: preprocessed - started, inferenceMs: inferred - preprocessed, totalMs: performance.now() - started },
  };
}
