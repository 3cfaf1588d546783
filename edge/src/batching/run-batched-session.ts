import { runSession, type OrtSession } from '../runtime/ort.ts';
import { MicroBatcher } from './micro-batcher.ts';

/** Outputs of a session are named per model; the batch key is the session, the names ride along. */
const names = new WeakMap<OrtSession, { inputName: string; outputName: string }>();

/** One batcher per isolate, so concurrent requests to the same model share batches. */
const batcher = new MicroBatcher<OrtSession>((session, data, dims) => {
  const { inputName, outputName } = names.get(session)!;
  return runSession(session, inputName, data, dims, outputName);
});

/**
 * `runSession`, micro-batched with other concurrent requests to the same session when
 * `microBatch.waitMs` > 0 (the `MICRO_BATCH_WAIT_MS` var), else run at once.
 */
export function runBatchedSession(
  session: OrtSession,
  inputName: string,
  data: Float32Array,
  dims: readonly number[],
  outputName: string,
  microBatch: { waitMs: number; maxBatch: number },
): Promise<Float32Array> {
  if (microBatch.waitMs <= 0) return runSession(session, inputName, data, dims, outputName);
  names.set(session, { inputName, outputName });
  return batcher.run(session, data, dims, microBatch);
}
