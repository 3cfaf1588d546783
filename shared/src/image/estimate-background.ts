/** The background's share of each block, at least: its low percentile is the background's level. */
const BLOCK_PERCENTILE = 0.3;
/** Blocks across the longer side: each is larger than a stroke of a digit that fills a tenth of the frame. */
const BLOCKS_PER_SIDE = 16;
const MIN_BLOCK = 4;

/**
 * The background level under every pixel of `levels` (0-255, ink brighter than background),
 * estimated at a scale larger than a stroke: each block's 30th percentile, or the median of the
 * 3 × 3 blocks around it when that is lower (a block covered by a thick stroke takes its
 * neighbours' background; a block on a gradient keeps its own), then
 * bilinear between block centres so a gradient, vignette or soft shadow is followed smoothly.
 */
export function estimateBackground(levels: Float32Array, width: number, height: number): Float32Array {
  const block = Math.max(MIN_BLOCK, Math.round(Math.max(width, height) / BLOCKS_PER_SIDE));
  const columns = Math.ceil(width / block);
  const rows = Math.ceil(height / block);
  const percentiles = new Float32Array(columns * rows);
  const histogram = new Uint32Array(256);
  const binOf = (i: number) => Math.min(255, Math.max(0, Math.round(levels[i])));
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      const x1 = Math.min(width, (bx + 1) * block);
      const y1 = Math.min(height, (by + 1) * block);
      for (let y = by * block; y < y1; y++) {
        for (let x = bx * block; x < x1; x++) histogram[binOf(y * width + x)]++;
      }
      const rank = BLOCK_PERCENTILE * (x1 - bx * block) * (y1 - by * block);
      let seen = 0;
      let level = 0;
      while (level < 255 && seen + histogram[level] <= rank) seen += histogram[level++];
      percentiles[by * columns + bx] = level;
      // Cleared bin by bin: a small image's block has fewer pixels than the histogram has bins.
      for (let y = by * block; y < y1; y++) {
        for (let x = bx * block; x < x1; x++) histogram[binOf(y * width + x)] = 0;
      }
    }
  }
  const lowest = new Float32Array(columns * rows);
  const around = new Float32Array(9);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      // The 3 × 3 blocks' levels in order (insertion sort: at most 9).
      let count = 0;
      for (let ny = Math.max(0, by - 1); ny <= Math.min(rows - 1, by + 1); ny++) {
        for (let nx = Math.max(0, bx - 1); nx <= Math.min(columns - 1, bx + 1); nx++) {
          const value = percentiles[ny * columns + nx];
          let k = count++;
          for (; k > 0 && around[k - 1] > value; k--) around[k] = around[k - 1];
          around[k] = value;
        }
      }
      lowest[by * columns + bx] = Math.min(percentiles[by * columns + bx], around[(count - 1) >> 1]);
    }
  }
  const background = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = Math.min(rows - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(gy);
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = gy - y0;
    for (let x = 0; x < width; x++) {
      const gx = Math.min(columns - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(gx);
      const x1 = Math.min(columns - 1, x0 + 1);
      const fx = gx - x0;
      const top = lowest[y0 * columns + x0] * (1 - fx) + lowest[y0 * columns + x1] * fx;
      const bottom = lowest[y1 * columns + x0] * (1 - fx) + lowest[y1 * columns + x1] * fx;
      background[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return background;
}
