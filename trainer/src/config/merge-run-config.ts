
/**
 * Deep-merges config layers, later ones winning (defaults ← file ← flags). An object whose `type`
 * changes (optimizer, schedule) is replaced, not merged: Adam's betas mean nothing to SGD.
 */
export function mergeRunConfig(...layers: RunConfigInput[]): RunConfigInput {
  return layers.reduce<Record<string, unknown>>((merged, layer) => mergeObjects(merged, layer as Record<string, unknown>), {}) as RunConfigInput;
}

function mergeObjects(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const current = merged[key];
    if (isPlainObject(current) && isPlainObject(value) && (value.type === undefined || value.type === current.type)) {
      merged[key] = mergeObjects(current, value);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}import { type RunConfigInput } from '@edgeml/shared';

