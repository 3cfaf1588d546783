import { monitoredMetricSchema, type ReduceLrOnPlateauConfig } from '@edgeml/shared';
import type { EpochLog } from '../train/epoch-log.ts';
import { MetricMonitor } from './metric-monitor.ts';
import type { CallbackState, TrainingCallback, TrainingContext } from './training-callback.ts';

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
