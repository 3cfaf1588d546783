import type { AnyModelManifest, Metrics } from '@edgeml/shared';
import type { BuiltVersion } from '../pipeline/build-version.ts';
import type { BackendName } from '../tf.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import type { EpochEvent } from './epoch-event.ts';
import type { RetrainFeedback } from './retrain-feedback.ts';
import type { JobTestSplit } from './score-champion.ts';
import type { TrainingApiClient } from './training-api-client.ts';

/** What training a job made, ready to publish. */
export interface TrainedJob {
  /** Published in this order; the last is the one `after.publish` promotes (int8 when kept, else float). */
  versions: BuiltVersion<AnyModelManifest>[];
  metrics: Metrics;
  report: Record<string, unknown>;
  /** The split the versions were tested on: the margin judges the champion on it. */
  test: JobTestSplit;
}

/** How a task's trainer reports an epoch: the log, the phase (training, or a shrinking step), its epochs and its training examples. */
export type OnJobEpoch = (log: EpochLog, phase: { name: EpochEvent['phase']; epochs: number; examples: number }) => void;

/** What a task's trainer is given: the job's request, a folder of its own, and the runner's backend, stop signal and reporting. */
export interface TaskJobParams<R> {
  request: R;
  /** Reads uploaded datasets. */
  client: TrainingApiClient;
  workDir: string;
  backend: BackendName | 'auto';
  /** Checked every batch: aborts when the job is cancelled or the runner stops. */
  signal: AbortSignal;
  /** Awaited after every batch where the loop allows it: the job's cancel poll lands before the signal is checked. */
  onBatchEnd: () => Promise<void> | void;
  onEpoch: OnJobEpoch;
  /** A retrain job's feedback (image jobs): mixed into the training split within the policy's share. */
  feedback?: RetrainFeedback;
  log: (line: string) => void;
}
