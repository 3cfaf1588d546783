import { TrainerError } from '../errors.ts';
import { shuffledIndices } from '../data/shuffled-indices.ts';
import type { TextDataset, TextExample, TextSplit } from './text-dataset.ts';

export interface StratifiedSplitOptions {
  /** Shares of each label held out (defaults 0.1 and 0.1). */
  validationFraction?: number;
  testFraction?: number;
  seed?: number;
}

/** Splits examples into train/validation/test keeping each label's share the same in every split. */
export function stratifiedSplit(name: string, examples: readonly TextExample[], options: StratifiedSplitOptions = {}): TextDataset {
  const validationFraction = options.validationFraction ?? 0.1;
  const testFraction = options.testFraction ?? 0.1;
  if (!(validationFraction >= 0 && testFraction > 0 && validationFraction + testFraction < 1)) {
    throw new TrainerError('invalid_argument', `split fractions must be ≥ 0 and sum below 1, got validation ${validationFraction} and test ${testFraction}`);
  }
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new TrainerError('invalid_argument', `${name}: need at least 2 labels, got ${JSON.stringify(labels)}`);
  const splits: Record<'train' | 'validation' | 'test', TextSplit> = {
    train: { texts: [], labelIds: [] },
    validation: { texts: [], labelIds: [] },
    test: { texts: [], labelIds: [] },
  };
  const seed = options.seed ?? 42;
  labels.forEach((label, labelId) => {
    const members = examples.filter((e) => e.label === label);
    const order = shuffledIndices(members.length, seed + labelId);
    const testCount = Math.round(members.length * testFraction);
    const validationCount = Math.round(members.length * validationFraction);
    order.forEach((index, rank) => {
      const split = rank < testCount ? splits.test : rank < testCount + validationCount ? splits.validation : splits.train;
      split.texts.push(members[index]!.text);
      split.labelIds.push(labelId);
    });
  });
  // Interleave labels so batches taken in order are mixed.
  const mixed = (split: TextSplit, salt: number): TextSplit => {
    const order = shuffledIndices(split.texts.length, seed + 1000 + salt);
    return { texts: Array.from(order, (i) => split.texts[i]!), labelIds: Array.from(order, (i) => split.labelIds[i]!) };
  };
  return { name, labels, train: mixed(splits.train, 0), validation: mixed(splits.validation, 1), test: mixed(splits.test, 2) };
}
