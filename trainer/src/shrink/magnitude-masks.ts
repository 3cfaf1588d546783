import { TrainerError } from '../errors.ts';

export type PruningScope = 'layer' | 'global';

/**
 * Keep-masks (1 keep, 0 prune) that zero the `sparsity` share of weights with the smallest
 * magnitude: in each tensor separately (`layer`) or under one threshold across all of them
 * (`global`, which prunes redundant large layers harder than small ones). Exactly
 * round(sparsity · n) weights are pruned per scope; ties at the threshold go in order.
 */
export function magnitudeMasks(tensors: readonly Float32Array[], sparsity: number, scope: PruningScope): Uint8Array[] {
  if (!(sparsity >= 0 && sparsity < 1)) throw new TrainerError('invalid_argument', `sparsity must be in [0, 1), got ${sparsity}`);
  if (scope === 'layer') return tensors.map((values) => maskSmallest([values], sparsity)[0]!);
  return maskSmallest(tensors, sparsity);
}

function maskSmallest(tensors: readonly Float32Array[], sparsity: number): Uint8Array[] {
  const total = tensors.reduce((sum, values) => sum + values.length, 0);
  const pruneCount = Math.round(sparsity * total);
  const masks = tensors.map((values) => new Uint8Array(values.length).fill(1));
  if (pruneCount === 0) return masks;
  const magnitudes = new Float32Array(total);
  let offset = 0;
  for (const values of tensors) {
    for (let i = 0; i < values.length; i++) magnitudes[offset + i] = Math.abs(values[i]!);
    offset += values.length;
  }
  const threshold = magnitudes.slice().sort()[pruneCount - 1]!;
  // Everything strictly below the threshold goes, then ties at it until the count is reached.
  let belowCount = 0;
  for (let i = 0; i < total; i++) if (magnitudes[i]! < threshold) belowCount++;
  let tiesLeft = pruneCount - belowCount;
  offset = 0;
  tensors.forEach((values, t) => {
    for (let i = 0; i < values.length; i++) {
      const magnitude = magnitudes[offset + i]!;
      if (magnitude < threshold) masks[t]![i] = 0;
      else if (magnitude === threshold && tiesLeft > 0) {
        masks[t]![i] = 0;
        tiesLeft--;
      }
    }
    offset += values.length;
  });
  return masks;
}
