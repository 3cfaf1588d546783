import type { EpochLog } from '../train/epoch-log.ts';

/**
 * The per-epoch curves as an aligned text table for the terminal, with the best validation epoch
 * marked (and the epoch whose weights early stopping restored); a gradient-norm column appears
 * when clipping was on.
 */
export function formatSummaryTable(history: EpochLog[], options: { restoredEpoch?: number } = {}): string {
  const withNorm = history.some((log) => log.gradientNorm !== undefined);
  const bestEpoch = history.reduce<EpochLog | undefined>(
    (best, log) => (Number.isFinite(log.validationLoss) && (!best || log.validationLoss < best.validationLoss) ? log : best),
    undefined,
  )?.epoch;
  const header = ['epoch', 'loss', 'acc', 'val loss', 'val acc', 'lr', ...(withNorm ? ['grad norm'] : []), 'seconds'];
  const rows = history.map((log) => [
    `${log.epoch}${log.epoch === options.restoredEpoch ? '^' : ''}${log.epoch === bestEpoch ? '*' : ''}`,
    log.loss.toFixed(4),
    percent(log.accuracy),
    log.validationLoss.toFixed(4),
    percent(log.validationAccuracy),
    formatRate(log.learningRate),
    ...(withNorm ? [log.gradientNorm === undefined ? '-' : log.gradientNorm.toFixed(3)] : []),
    log.seconds.toFixed(1),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  const notes = [
    ...(bestEpoch ? ['* lowest validation loss'] : []),
    ...(options.restoredEpoch !== undefined ? ['^ the saved weights are this epoch\'s (early stopping restored them)'] : []),
  ];
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), ...notes].join('\n');
}

function percent(value: number): string {
  return `${(100 * value).toFixed(2)}%`;
}

function formatRate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value >= 1e-3 ? Number(value.toPrecision(3)).toString() : value.toExponential(2);
}
