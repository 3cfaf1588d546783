import type { MonitoredMetric } from '@edgeml/shared';
import type { EpochLog } from '../train/epoch-log.ts';

export interface MetricMonitorState {
  best: number;
  bestEpoch: number;
  /** Epochs since the last improvement. */
  wait: number;
}

/**
 * Tracks the best value of an epoch metric as Keras' callbacks do: losses improve downwards,
 * accuracies upwards, and only by more than `minDelta`.
 */
export class MetricMonitor {
  readonly mode: 'min' | 'max';
  state: MetricMonitorState;

  constructor(
    readonly metric: MonitoredMetric,
    readonly minDelta = 0,
  ) {
    this.mode = metric.endsWith('ccuracy') ? 'max' : 'min';
    this.state = { best: this.mode === 'min' ? Infinity : -Infinity, bestEpoch: 0, wait: 0 };
  }

  /** Records an epoch; true when it improved on the best so far. */
  update(log: EpochLog): boolean {
    const value = log[this.metric];
    const improved = Number.isFinite(value) && (this.mode === 'min' ? value < this.state.best - this.minDelta : value > this.state.best + this.minDelta);
    if (improved) this.state = { best: value, bestEpoch: log.epoch, wait: 0 };
    else this.state = { ...this.state, wait: this.state.wait + 1 };
    return improved;
  }
}
