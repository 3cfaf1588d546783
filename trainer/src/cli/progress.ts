import cliProgress from 'cli-progress';
import type { EpochLog, TrainProgress } from '../train/train-model.ts';

/** A progress bar per epoch on stderr, plus one summary line per epoch. */
export function createTrainingProgress(): {
  onBatchEnd: (p: TrainProgress) => void;
  onEpochEnd: (log: EpochLog) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      format: 'epoch {epoch}/{epochs} [{bar}] {percentage}% | batch {value}/{total} | loss {loss} | eta {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
      // Redraw at most 5 times a second so the bar costs nothing next to training.
      fps: 5,
      // Without a terminal (CI, container logs) print the bar as a line every 10 s instead.
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  let active = false;
  return {
    onBatchEnd(p) {
      if (!active) {
        bar.start(p.batches, 0, { epoch: p.epoch, epochs: p.epochs, loss: '-' });
        active = true;
      }
      bar.update(p.batch, { epoch: p.epoch, epochs: p.epochs, loss: p.loss.toFixed(4) });
    },
    onEpochEnd(log) {
      if (active) bar.stop();
      active = false;
      process.stderr.write(
        `epoch ${log.epoch}: loss ${log.loss.toFixed(4)} acc ${(100 * log.accuracy).toFixed(2)}% | ` +
          `val loss ${log.validationLoss.toFixed(4)} val acc ${(100 * log.validationAccuracy).toFixed(2)}% | ${log.seconds.toFixed(1)} s\n`,
      );
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}
