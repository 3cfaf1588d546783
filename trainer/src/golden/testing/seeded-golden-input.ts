/** Four 28×28×1 images of seeded pixels in [0, 1): the same golden input in every process. */
export function seededGoldenInput(): { data: Float32Array; dims: number[] } {
  const dims = [4, 28, 28, 1];
  const data = new Float32Array(4 * 28 * 28);
  let state = 0x9e3779b9;
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = (state >>> 8) / 2 ** 24;
  }
  return { data, dims };
}
