/**
 * Softmax of each row of `values / temperature` (rows of `width`), shifted by the row's max for
 * stability. A temperature over 1 softens over-confident outputs (fitted on validation by the trainer).
 */
export function softmax(values: Float32Array, width: number, temperature = 1): Float32Array {
  const out = new Float32Array(values.length);
  for (let start = 0; start < values.length; start += width) {
    let max = -Infinity;
    for (let i = start; i < start + width; i++) max = Math.max(max, values[i]! / temperature);
    let sum = 0;
    for (let i = start; i < start + width; i++) {
      out[i] = Math.exp(values[i]! / temperature - max);
      sum += out[i]!;
    }
    for (let i = start; i < start + width; i++) out[i] = out[i]! / sum;
  }
  return out;
}
