/** The range of float values an activation took on calibration data. */
export interface ActivationRange {
  min: number;
  max: number;
}

/** uint8 affine parameters covering a range that always includes 0 (so zero padding is exact). */
export function uint8Parameters(range: ActivationRange): { scale: number; zeroPoint: number } {
  const low = Math.min(0, range.min);
  const high = Math.max(0, range.max);
  const scale = high > low ? (high - low) / 255 : 1;
  return { scale, zeroPoint: Math.max(0, Math.min(255, Math.round(-low / scale))) };
}
