import { MAX_PREDICT_BATCH, modelNameSchema } from '@edgeml/shared';

export interface EdgeConfig {
  /** The model `POST /predict` serves. */
  defaultModel: string;
  /** Largest request body read, in bytes. */
  maxBodyBytes: number;
  /** Largest ONNX artifact loaded, in bytes. */
  maxModelBytes: number;
  /** Most images in one predict request (never more than the wire contract's MAX_PREDICT_BATCH). */
  maxBatch: number;
}

export const DEFAULT_CONFIG: EdgeConfig = {
  defaultModel: 'mnist',
  maxBodyBytes: 4 * 2 ** 20,
  maxModelBytes: 32 * 2 ** 20,
  maxBatch: MAX_PREDICT_BATCH,
};

/** The worker's vars as numbers, each falling back to its default when unset or not a positive integer. */
export function readConfig(env: Partial<Record<keyof Env, unknown>>): EdgeConfig {
  const defaultModel = modelNameSchema.safeParse(env.DEFAULT_MODEL);
  return {
    defaultModel: defaultModel.success ? defaultModel.data : DEFAULT_CONFIG.defaultModel,
    maxBodyBytes: positiveInteger(env.MAX_BODY_BYTES) ?? DEFAULT_CONFIG.maxBodyBytes,
    maxModelBytes: positiveInteger(env.MAX_MODEL_BYTES) ?? DEFAULT_CONFIG.maxModelBytes,
    maxBatch: Math.min(positiveInteger(env.MAX_BATCH) ?? DEFAULT_CONFIG.maxBatch, MAX_PREDICT_BATCH),
  };
}

function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : undefined;
}
