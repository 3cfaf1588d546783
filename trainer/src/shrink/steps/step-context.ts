import type { ImageDataset } from '../../data/dataset.ts';
import type { BackendSelection, LayersModel } from '../../tf.ts';
import type { EpochLog } from '../../train/epoch-log.ts';
import type { ImageRunRecord } from '../../pipeline/run-record.ts';
import type { ExportedRun } from '../../pipeline/export-run.ts';
import type { OptimizeConfig } from '../optimize-config.ts';
import type { VariantSummary } from '../variant-summary.ts';

/** What every step of `trainer optimize` reads. */
export interface StepContext {
  config: OptimizeConfig;
  /** The pipeline's output folder; each step writes `<outDir>/<kind>/`. */
  outDir: string;
  data: ImageDataset;
  backend: BackendSelection;
  log: (line: string) => void;
  /** Set when a training job runs the steps: it stops their loops and hears of their epochs. */
  job?: StepJobHooks;
}

/** A training job's hold on the steps' training loops. */
export interface StepJobHooks {
  /** Checked after every batch. */
  signal: AbortSignal;
  /** Awaited after every batch, before the signal is checked. */
  onBatchEnd: () => Promise<void> | void;
  /** Each epoch of a step, with the validation split's figures. */
  onEpoch: (phase: 'distil' | 'prune', log: EpochLog, epochs: number) => void;
}

/** What a step made: its summary, the run record its manifest is built from, its ONNX, and (float variants) the tfjs model. */
export interface StepResult {
  summary: VariantSummary;
  run: ImageRunRecord;
  onnx: ExportedRun;
  /** The caller disposes it. */
  model?: LayersModel;
}
