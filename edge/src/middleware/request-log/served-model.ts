/**
 * What a route hands the request log about the model that answered (`c.set('served', …)`, once,
 * at the end of the handler): which model and version, and, when the prediction completed, how
 * many inputs it answered and its own timing. Set only once a published model was in hand, so a
 * made-up model name in a URL never reaches the log or the metrics.
 */
export interface ServedModel {
  model: string;
  version: string;
  /** Images or texts answered; absent when the request failed after the model was resolved. */
  count?: number;
  /** The prediction's own split (the body's `timing`). */
  timing?: { preprocessMs: number; inferenceMs: number };
  /** True when this request loaded the model into the isolate (a cold start for this version). */
  coldLoad?: boolean;
}

/** The model's identity from its manifest, plus what its answer says, when there is one. */
export function servedModel(
  manifest: { name: string; version: string },
  answer?: { predictions: readonly unknown[]; timing: { preprocessMs: number; inferenceMs: number } },
  coldLoad?: boolean,
): ServedModel {
  return {
    model: manifest.name,
    version: manifest.version,
    ...(answer ? { count: answer.predictions.length, timing: { preprocessMs: answer.timing.preprocessMs, inferenceMs: answer.timing.inferenceMs } } : {}),
    ...(coldLoad === undefined ? {} : { coldLoad }),
  };
}
