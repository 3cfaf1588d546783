/** One pass of a PNG's image data: a sub-image whose pixels land at (x0 + x·dx, y0 + y·dy). */
export interface PngPass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  /** Bytes a row of this pass takes once unfiltered, without its filter-type byte. */
  rowBytes: number;
  /** Where this pass starts in the inflated data. */
  offset: number;
}

/** Adam7: [x0, y0, dx, dy] of each of the 7 passes. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * The passes of a PNG's image data (one, or Adam7's seven less the empty ones) and the exact
 * inflated size they imply: each row is a filter-type byte then ceil(width × bits a pixel / 8).
 */
export function pngPasses(
  width: number,
  height: number,
  bitsPerPixel: number,
  interlaced: boolean,
): { passes: PngPass[]; totalBytes: number } {
  const layouts = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const passes: PngPass[] = [];
  let totalBytes = 0;
  for (const [x0, y0, dx, dy] of layouts) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    // A pass with no pixels has no rows at all, not even filter bytes.
    if (passWidth <= 0 || passHeight <= 0) continue;
    const rowBytes = Math.ceil((passWidth * bitsPerPixel) / 8);
    passes.push({ x0, y0, dx, dy, width: passWidth, height: passHeight, rowBytes, offset: totalBytes });
    totalBytes += passHeight * (1 + rowBytes);
  }
  return { passes, totalBytes };
}
