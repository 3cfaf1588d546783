import { MAX_DATASET_PROBLEMS, type Dataset, type DatasetProblem } from '../schemas/training.ts';
import type { DatasetItem } from './dataset-item.ts';

export type DatasetSummary = Pick<Dataset, 'rows' | 'labels' | 'classCounts' | 'problems' | 'problemCount'>;

/**
 * Counts a parsed dataset's usable rows per label, keeping the first problems. Walks the items
 * once and keeps no row, so a large upload is summarized in constant memory beyond its bytes.
 */
export function summarizeDataset(items: Iterable<DatasetItem<{ label: string }>>): DatasetSummary {
  const classCounts = new Map<string, number>();
  const problems: DatasetProblem[] = [];
  let rows = 0;
  let problemCount = 0;
  for (const item of items) {
    if ('row' in item) {
      rows++;
      classCounts.set(item.row.label, (classCounts.get(item.row.label) ?? 0) + 1);
    } else {
      problemCount++;
      if (problems.length < MAX_DATASET_PROBLEMS) problems.push(item.problem);
    }
  }
  const labels = [...classCounts.keys()].sort(compareLabels);
  return { rows, labels, classCounts: Object.fromEntries(labels.map((label) => [label, classCounts.get(label) ?? 0])), problems, problemCount };
}

/** Numeric labels in number order ("2" before "10"), others by code point. */
function compareLabels(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
