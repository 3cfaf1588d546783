import path from 'node:path';
import type { tf } from '../tf.ts';
import type { EpochLog } from './epoch-log.ts';

/** `<run>/checkpoint/checkpoint.json`: written last, so it always names a complete state file. */
export interface CheckpointJson {
  format: 'edgeml-checkpoint';
  version: 1;
  /** Epochs finished. */
  epoch: number;
  /** A callback ended training (early stopping): resuming trains no further. */
  stopped: boolean;
  /** The optimizer the state belongs to (`adam`, `sgd`, `momentum`). */
  optimizerType: string;
  /** Optimizer steps applied so far. */
  optimizerStep: number;
  learningRate: number;
  learningRateScale: number;
  history: EpochLog[];
  /** What the caller stored with the run (trainRun: the resolved run config). */
  meta?: unknown;
  callbacks: Record<string, unknown>;
  /** Tensors: `model/<i>`, `optimizer/<i>` (original names in `optimizerWeightNames`), `callback/<name>/<i>`. */
  stateFile: string;
  optimizerWeightNames: string[];
  weightSpecs: tf.io.WeightsManifestEntry[];
  savedAt: string;
}

export const CHECKPOINT_JSON = 'checkpoint.json';

export function checkpointJsonPath(dir: string): string {
  return path.join(dir, CHECKPOINT_JSON);
}
