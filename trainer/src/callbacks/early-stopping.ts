import { type EarlyStoppingConfig, monitoredMetricSchema } from '@edgeml/shared';
import { tf, type Tensor } from '../tf.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import { MetricMonitor, type MetricMonitorState } from './metric-monitor.ts';
import type { CallbackState, TrainingCallback, TrainingContext } from './training-callback.ts';

/** Stops training when the monitored metric has not improved for `patience` epochs (the primer's early_stopping). */
export class EarlyStopping implements TrainingCallback {
  readonly name = 'early-stopping';
  private readonly monitor: MetricMonitor;
  private bestWeights: Tensor[] | undefined;
  /** Epoch (1-based) after which training was stopped, if it was. */
  stoppedEpoch: number | undefined;

  constructor(readonly config: EarlyStoppingConfig) {
    this.monitor = new MetricMonitor(config.monitor, config.minDelta);
  }

  get bestEpoch(): number {
    return this.monitor.state.bestEpoch;
  }

  onEpochEnd(log: EpochLog, context: TrainingContext): void {
    if (this.monitor.update(log)) {
      if (this.config.restoreBestWeights) this.replaceBestWeights(context.model.getWeights().map((w) => tf.keep(w.clone())));
    } else if (this.monitor.state.wait >= this.config.patience) {
      this.stoppedEpoch = log.epoch;
      context.stopTraining = true;
    }
  }

  onTrainEnd(context: TrainingContext): void {
    const lastEpoch = context.history.at(-1)?.epoch;
    if (this.bestWeights && lastEpoch !== this.monitor.state.bestEpoch) context.model.setWeights(this.bestWeights);
  }

  getState(): CallbackState {
    const { best, bestEpoch, wait } = this.monitor.state;
    return {
      // JSON has no Infinity: an unset best is written as null.
      json: { best: Number.isFinite(best) ? best : null, bestEpoch, wait, stoppedEpoch: this.stoppedEpoch ?? null },
      tensors: this.bestWeights,
    };
  }

  setState(state: CallbackState): void {
    const json = state.json as { best: number | null; bestEpoch: number; wait: number; stoppedEpoch: number | null };
    const unset = this.monitor.mode === 'min' ? Infinity : -Infinity;
    this.monitor.state = { best: json.best ?? unset, bestEpoch: json.bestEpoch, wait: json.wait } satisfies MetricMonitorState;
    this.stoppedEpoch = json.stoppedEpoch ?? undefined;
    this.replaceBestWeights(state.tensors?.length ? state.tensors : undefined);
  }

  dispose(): void {
    this.replaceBestWeights(undefined);
  }

  private replaceBestWeights(weights: Tensor[] | undefined): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = weights;
  }
}
