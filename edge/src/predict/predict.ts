import type { PredictResponse } from '@edgeml/shared';
import { EdgeError } from '../errors/edge-error.ts';
import type { LoadedImageModel } from '../models/load-model.ts';
import { runSession } from '../runtime/ort.ts';
import type { ImageInput } from './predict-input.ts';
import { gateHeavyDecode } from './heavy-decode-gate.ts';
import { toInputBatch, type InputBatch } from './to-input-batch.ts';
import { toPredictions } from './to-predictions.ts';

/**
 * Preprocesses, runs and ranks a request's images on a loaded model, timing each step; returns
 * the answer and the input batch it ran. `preprocessed`, a batch made for a model with the same
 * input spec (shadow mode), is run instead of decoding the images again.
 */
export async function predict(
  model: LoadedImageModel,
  input: ImageInput,
  topK?: number,
  preprocessed?: InputBatch,
): Promise<{ response: PredictResponse; batch: InputBatch }> {
  const { manifest, session } = model;
  const started = performance.now();
  let decodeStarted = started;
  const batch =
    preprocessed ??
    (await gateHeavyDecode(input, () => {
      // The time spent waiting for another request's decode is not this request's preprocessing.
      decodeStarted = performance.now();
      return toInputBatch(input, manifest);
    }));
  const decoded = performance.now();
  let output: Float32Array;
  try {
    output = await runSession(session, manifest.input.name, batch.data, batch.dims, manifest.output.name);
  } catch (error) {
    console.error(`running ${manifest.name}@${manifest.version} failed:`, error);
    throw new EdgeError('model_unavailable', `model ${manifest.name}@${manifest.version} failed to run`);
  }
  const inferred = performance.now();
  const predictions = toPredictions(output, batch.count, manifest, topK);
  const response: PredictResponse = {
    model: manifest.name,
    version: manifest.version,
    predictions,
    timing: { preprocessMs: decoded - decodeStarted, inferenceMs: inferred - decoded, totalMs: performance.now() - started },
  };
  return { response, batch };
}
