import type { AnyModelManifest, Metrics } from '@edgeml/shared';
import type { BuiltVersion } from '../pipeline/build-version.ts';
import type { EpochLog } from '../train/epoch-log.ts';

/** What training a job made, ready to publish. */
export interface TrainedJob {
  /** Published in this order; the last is the one `after.publish` promotes (int8 when kept, else float). */
  versions: BuiltVersion<AnyModelManifest>[];
  metrics: Metrics;
  report: Record<string, unknown>;
}

/** How a task's trainer reports an epoch: the log, the phase's epochs and its training examples. */
export type OnJobEpoch = (log: EpochLog, phase: { name: 'train' | 'distil'; epochs: number; examples: number }) => void;
