/** Softmax of each row of `values` (rows of `width`), shifted by the row's max for stability. */
export function softmax(values: Float32Array, width: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let start = 0; start < values.length; start += width) {
    let max = -Infinity;
    for (let i = start; i < start + width; i++) max = Math.max(max, values[i]!);
    let sum = 0;
    for (let i = start; i < start + width; i++) {
      out[i] = Math.exp(values[i]! - max);
      sum += out[i]!;
    }
    for (let i = start; i < start + width; i++) out[i] = out[i]! / sum;
  }
  return out;
}
