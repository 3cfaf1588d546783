import type { ModelManifest, PredictResponse, TextPredictResponse } from '@edgeml/shared';
import type { LoadedModel } from '../models/load-model.ts';
import { checkTextLengths } from '../text/parse-text-predict-body.ts';
import { predictText } from '../text/predict-text.ts';
import { requireTextModel } from '../text/require-text-model.ts';
import type { PredictRequest } from './predict-input.ts';
import { predict } from './predict.ts';
import { requireImageModel } from './require-image-model.ts';
import type { InputBatch } from './to-input-batch.ts';

/** A model's answer to a request, with the labels that name its probability columns (shadow mode compares them). */
export interface Answer {
  response: PredictResponse | TextPredictResponse;
  labels: readonly string[];
  /** The input batch an image model ran, by the input spec that made it. */
  preprocessed?: { spec: string; batch: InputBatch };
}

/**
 * Answers a request with a model of the request's kind (a 415 naming what the model takes
 * otherwise). `reuse`, another model's answer to the same request, lends its preprocessed
 * images when this model takes the same input.
 */
export async function answerPredictRequest(model: LoadedModel, request: PredictRequest, reuse?: Answer): Promise<Answer> {
  const { input } = request;
  if (input.kind === 'texts') {
    const textModel = requireTextModel(model);
    checkTextLengths(input.texts, textModel.manifest.input.maxChars);
    return { response: await predictText(textModel, input.texts), labels: textModel.manifest.labels };
  }
  const imageModel = requireImageModel(model);
  const spec = inputSpecKey(imageModel.manifest);
  const preprocessed = reuse?.preprocessed?.spec === spec ? reuse.preprocessed.batch : undefined;
  const { response, batch } = await predict(imageModel, input, request.topK, preprocessed);
  return { response, labels: imageModel.manifest.labels, preprocessed: { spec, batch } };
}

/** What decides an image model's input batch: its spec but the graph input's name. */
function inputSpecKey(manifest: ModelManifest): string {
  const { name: _name, ...spec } = manifest.input;
  return JSON.stringify(spec);
}
