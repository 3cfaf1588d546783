import type { Metrics } from '@edgeml/shared';
import type { ImageRunRecord } from '../../pipeline/run-record.ts';
import { tf } from '../../tf.ts';
import type { StepContext } from './step-context.ts';

/** The run record of a model a shrinking step trained: what `buildVersion` needs, in `trainer train`'s shape. */
export function variantRunRecord(
  context: StepContext,
  params: { name: string; architecture: string; epochs: number; batchSize: number; learningRate: number; metrics: Metrics; extra: Record<string, unknown> },
): ImageRunRecord {
  const { data, backend, config } = context;
  return {
    task: 'image-classification',
    name: params.name,
    labels: data.labels,
    preprocessing: data.preprocessing,
    imageShape: data.train.imageShape,
    training: {
      architecture: params.architecture,
      dataset: data.name,
      epochs: params.epochs,
      batchSize: params.batchSize,
      optimizer: 'adam',
      learningRate: params.learningRate,
      seed: config.seed,
      backend: backend.name,
      trainExamples: data.train.count,
      validationExamples: data.validation.count,
      tfjsVersion: tf.version.tfjs,
      ...params.extra,
    },
    metrics: params.metrics,
    // The shrinking loops keep their per-epoch logs in variants.json; run.json's history is trainModel's format.
    history: [],
    createdAt: new Date().toISOString(),
  };
}
