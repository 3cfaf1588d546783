import type { LayersModel, Tensor } from '../tf.ts';
import type { TrainingOptimizer } from '../optimizers/training-optimizer.ts';
import type { EpochLog } from '../train/epoch-log.ts';

/** What the loop shares with its callbacks, as tfjs-layers' `Callback.model` and `model.stopTraining`. */
export interface TrainingContext {
  model: LayersModel;
  optimizer: TrainingOptimizer;
  /** Epochs the run is configured for. */
  epochs: number;
  /** Every finished epoch, including those restored from a checkpoint. */
  history: EpochLog[];
  /** Set by a callback to end training after the current epoch. */
  stopTraining: boolean;
  /**
   * Product of the plateau reductions so far; the schedule multiplies its rate by it, so a
   * reduction survives the schedule's next update.
   */
  learningRateScale: number;
}

/** A callback's state in a checkpoint: JSON plus, for some, tensors (the saver reads them and disposes nothing). */
export interface CallbackState {
  json: unknown;
  tensors?: Tensor[];
}

/**
 * A training extension in the style of tfjs-layers' callbacks. `epoch` is 0-based; logs carry the
 * 1-based epoch number people read. A callback with state to resume implements `getState`/`setState`.
 */
export interface TrainingCallback {
  /** Unique within a run: the key of its state in a checkpoint. */
  readonly name: string;
  onTrainBegin?(context: TrainingContext): void | Promise<void>;
  onEpochBegin?(epoch: number, context: TrainingContext): void | Promise<void>;
  onEpochEnd?(log: EpochLog, context: TrainingContext): void | Promise<void>;
  onTrainEnd?(context: TrainingContext): void | Promise<void>;
  getState?(): CallbackState;
  /** Takes ownership of `state.tensors`. */
  setState?(state: CallbackState): void;
  dispose?(): void;
}
