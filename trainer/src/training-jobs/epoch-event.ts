import type { TrainingEvent } from '@edgeml/shared';
import type { EpochLog } from '../train/epoch-log.ts';

export type EpochEvent = Extract<TrainingEvent, { type: 'epoch' }>;

/**
 * A finished epoch as the training API reports it: throughput from the epoch's wall time, and the
 * rest of the phase's time at the mean pace of the epochs so far (`history` includes this one).
 */
export function epochEvent(params: { log: EpochLog; history: readonly EpochLog[]; epochs: number; examples: number; phase: EpochEvent['phase']; at: Date }): EpochEvent {
  const { log, history, epochs } = params;
  const meanSeconds = history.reduce((sum, epoch) => sum + epoch.seconds, 0) / Math.max(history.length, 1);
  const finite = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value : undefined);
  const validationLoss = finite(log.validationLoss);
  const validationAccuracy = finite(log.validationAccuracy);
  return {
    type: 'epoch',
    at: params.at.toISOString(),
    phase: params.phase,
    epoch: log.epoch,
    epochs,
    loss: log.loss,
    accuracy: clamp01(log.accuracy),
    ...(validationLoss !== undefined ? { validationLoss } : {}),
    ...(validationAccuracy !== undefined ? { validationAccuracy: clamp01(validationAccuracy) } : {}),
    learningRate: log.learningRate,
    samplesPerSecond: log.seconds > 0 ? params.examples / log.seconds : 0,
    etaSeconds: Math.max(0, epochs - log.epoch) * meanSeconds,
  };
}

/** tfjs's accuracy can exceed 1 by a rounding error; the contract bounds it. */
function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
