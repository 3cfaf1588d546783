/** A row (column) with ink across this share of the image is a ruled line or a fold: no digit spans it (MNIST's 20 of 28). */
const LINE_SHARE = 0.85;
/** A stroke crossing a line continues this far beyond it, above and below (left and right). */
const CROSSING_REACH = 3;

/**
 * Clears, in place, the mask's rows and columns that are lines across the image (ruled or squared
 * paper, a margin line), except where a stroke crosses them (mask set CROSSING_REACH pixels on
 * both sides): the digit stays whole and the lines no longer join it to the frame. Images under
 * 4 × CROSSING_REACH pixels a side hold no ruled lines worth the name and are left as they are.
 */
export function eraseRuledLines(mask: Uint8Array, width: number, height: number): void {
  if (Math.min(width, height) < 4 * CROSSING_REACH) return;
  const lineRows: number[] = [];
  for (let y = 0; y < height; y++) {
    let count = 0;
    for (let x = 0; x < width; x++) count += mask[y * width + x];
    if (count >= LINE_SHARE * width) lineRows.push(y);
  }
  const lineColumns: number[] = [];
  for (let x = 0; x < width; x++) {
    let count = 0;
    for (let y = 0; y < height; y++) count += mask[y * width + x];
    if (count >= LINE_SHARE * height) lineColumns.push(x);
  }
  const crossing = (i: number, step: number, before: boolean, after: boolean): boolean =>
    before && after && mask[i - CROSSING_REACH * step] === 1 && mask[i + CROSSING_REACH * step] === 1;
  const cleared: number[] = [];
  for (const y of lineRows) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] && !crossing(i, width, y >= CROSSING_REACH, y + CROSSING_REACH < height)) cleared.push(i);
    }
  }
  for (const x of lineColumns) {
    for (let y = 0; y < height; y++) {
      const i = y * width + x;
      if (mask[i] && !crossing(i, 1, x >= CROSSING_REACH, x + CROSSING_REACH < width)) cleared.push(i);
    }
  }
  // Cleared after both passes: a line row must not break up the crossing test of a line column.
  for (const i of cleared) mask[i] = 0;
}
