/**
 * out[ids[i]] += rows[i] for each row (rowSize floats): UnsortedSegmentSum's body, shared by the cpu
 * and wasm kernels. Ids outside [0, out's rows) are dropped, as in TensorFlow. `out` starts zeroed.
 */
export function scatterAddRows(rows: ArrayLike<number>, ids: ArrayLike<number>, rowSize: number, out: Float32Array): void {
  const segments = out.length / rowSize;
  for (let i = 0; i < ids.length; i++) {
    const segment = ids[i]!;
    if (segment < 0 || segment >= segments) continue;
    const from = i * rowSize;
    const to = segment * rowSize;
    for (let k = 0; k < rowSize; k++) out[to + k]! += rows[from + k]!;
  }
}
