import type { PredictResponse } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import type { LoadedImageModel } from '../models/load-model.ts';
import { runSession } from '../runtime/ort.ts';
import type { PredictInput } from './predict-input.ts';
import { gateHeavyDecode } from './heavy-decode-gate.ts';
import { toInputBatch, type InputBatch } from './to-input-batch.ts';
import { toPredictions } from './to-predictions.ts';

/** Handing a request's preprocessed images from one model to another (shadow mode) instead of decoding them again. */
export interface PreprocessedReuse {
  /** Called with the input batch this prediction made. */
  onPreprocessed?: (batch: InputBatch) => void;
  /** A batch already made for a model with the same input spec: used instead of preprocessing again. */
  preprocessed?: InputBatch;
}

/** Preprocesses, runs and ranks a request's images on a loaded model, timing each step. */
export async function predict(
  model: LoadedImageModel,
  input: PredictInput,
  topK?: number,
  reuse: PreprocessedReuse = {},
): Promise<PredictResponse> {
  const { manifest, session } = model;
  const started = performance.now();
  let decodeStarted = started;
  const batch =
    reuse.preprocessed ??
    (await gateHeavyDecode(input, () => {
      // The time spent waiting for another request's decode is not this request's preprocessing.
      decodeStarted = performance.now();
      return toInputBatch(input, manifest);
    }));
  reuse.onPreprocessed?.(batch);
  const preprocessed = performance.now();
  let output: Float32Array;
  try {
    output = await runSession(session, manifest.input.name, batch.data, batch.dims, manifest.output.name);
  } catch (error) {
    console.error(`running ${manifest.name}@${manifest.version} failed:`, error);
    throw new EdgeError('model_unavailable', `model ${manifest.name}@${manifest.version} failed to run`);
  }
  const inferred = performance.now();
  const predictions = toPredictions(output, batch.count, manifest, topK);
  return {
    model: manifest.name,
    version: manifest.version,
    predictions,
    timing: {
      preprocessMs: preprocessed - decodeStarted,
      inferenceMs: inferred - preprocessed,
      totalMs: performance.now() - started,
    },
  };
}
