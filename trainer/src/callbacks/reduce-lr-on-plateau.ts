import { z } from 'zod';
import type { EpochLog } from '../train/epoch-log.ts';
import { MetricMonitor, monitoredMetricSchema } from './metric-monitor.ts';
import type { CallbackState, TrainingCallback, TrainingContext } from './training-callback.ts';

export const reduceLrOnPlateauConfigSchema = z.strictObject({
  monitor: monitoredMetricSchema.default('validationLoss'),
  /** The rate is multiplied by this on a plateau. */
  factor: z.number().gt(0).lt(1).default(0.1),
  /** Epochs without improvement that make a plateau. */
  patience: z.number().int().nonnegative().default(2),
  minDelta: z.number().min(0).default(1e-4),
  /** The rate is never reduced below this. */
  minLearningRate: z.number().min(0).default(0),
});
export type ReduceLrOnPlateauConfig = z.infer<typeof reduceLrOnPlateauConfigSchema>;

/**
 * Multiplies the learning rate by `factor` when the monitored metric has not improved for
 * `patience` epochs, down to `minLearningRate` (the primer's AdaptiveLRScheduler, Keras'
 * ReduceLROnPlateau). The new rate applies from the next epoch.
 */
export class ReduceLrOnPlateau implements TrainingCallback {
  readonly name = 'reduce-lr-on-plateau';
  private readonly monitor: MetricMonitor;

  constructor(readonly config: ReduceLrOnPlateauConfig) {
    this.monitor = new MetricMonitor(config.monitor, config.minDelta);
  }

  onEpochEnd(log: EpochLog, context: TrainingContext): void {
    if (this.monitor.update(log) || this.monitor.state.wait < this.config.patience) return;
    const current = context.optimizer.getLearningRate();
    const reduced = Math.max(current * this.config.factor, this.config.minLearningRate);
    if (reduced < current) {
      context.learningRateScale *= reduced / current;
      context.optimizer.setLearningRate(reduced);
    }
    this.monitor.state = { ...this.monitor.state, wait: 0 };
  }

  getState(): CallbackState {
    const { best, bestEpoch, wait } = this.monitor.state;
    return { json: { best: Number.isFinite(best) ? best : null, bestEpoch, wait } };
  }

  setState(state: CallbackState): void {
    const json = state.json as { best: number | null; bestEpoch: number; wait: number };
    this.monitor.state = { best: json.best ?? (this.monitor.mode === 'min' ? Infinity : -Infinity), bestEpoch: json.bestEpoch, wait: json.wait };
  }
}
