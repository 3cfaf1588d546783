import { InputError } from '../errors.ts';
import type { ImagePreprocessing } from '../schemas/manifest.ts';

/**
 * (value / scale − mean) / std for each value. The trainer applies it to MNIST IDX bytes
 * (scale 255) and the edge to JSON `pixels` and to the MNIST recipe's output (scale 1), so a
 * pixel is normalised the same way in training and in serving.
 * Throws InputError `validation_failed` for the first value that is not finite or is outside [0, scale].
 */
export function normalizePixels(
  values: ArrayLike<number>,
  scale: 1 | 255,
  params: ImagePreprocessing,
): Float32Array {
  const { mean, std } = params;
  const normalized = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InputError('validation_failed', `pixel ${i} is not a finite number`, {
        index: i,
        value: String(value),
      });
    }
    if (value < 0 || value > scale) {
      throw new InputError('validation_failed', `pixel ${i} is ${value}, outside [0, ${scale}]`, {
        index: i,
        value,
        min: 0,
        max: scale,
      });
    }
    normalized[i] = (value / scale - mean) / std;
  }
  return normalized;
}
