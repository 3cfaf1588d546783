/** A band along a line with ink across this share of its length in the image is a ruled line or a fold: no digit spans it (MNIST's 20 of 28). */
const LINE_SHARE = 0.85;
/** A band askew crossing a corner is a line when at least this share of the image's length of it lies inside. */
const MIN_INSIDE = 0.2;
/** A band next to a line holding ink over this share of its length is the line's blurred edge. */
const EDGE_SHARE = 0.4;
/** A stroke crossing a line continues this far beyond it, above and below (left and right). */
const CROSSING_REACH = 3;
/** On a line, ink this many times the line's own level (its median along the line) is a stroke over it, not the line. */
const STROKE_OVER_LINE = 1.6;
/** A ruled line is at most this many pixels wide (blurred, in an image of at most 512 px a side); a wider band is no line. */
const MAX_LINE_WIDTH = 6;
/** Lines are looked for up to this slope (about 6°, a page a little askew under the camera) ... */
const MAX_SLOPE = 0.1;
/** ... first in these steps, then in a tenth of them around the best. */
const SLOPE_STEP = 0.01;
const SAMPLE_STEP = 4;

/**
 * Clears, in place, the mask's lines across the image (ruled or squared paper, a margin line, a
 * fold), level or a little askew, except where a stroke crosses them (mask set CROSSING_REACH
 * pixels on both sides) or lies on them (`ink` well above the line's own level: a 7's bar written
 * along a line): the digit stays whole and the lines no longer join it to the frame. Lines along
 * rows and along columns are found each at the slope that piles the mask's pixels up most
 * sharply. Images under 4 × CROSSING_REACH pixels a side hold no ruled lines worth the name and
 * are left as they are.
 */
export function eraseRuledLines(mask: Uint8Array, ink: Float32Array, width: number, height: number): void {
  if (Math.min(width, height) < 4 * CROSSING_REACH) return;
  let set = 0;
  for (let i = 0; i < mask.length; i++) set += mask[i]!;
  if (set < LINE_SHARE * Math.min(width, height)) return;
  // The set pixels' coordinates, once for both directions.
  const xs = new Int32Array(set);
  const ys = new Int32Array(set);
  for (let i = 0, k = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    xs[k] = i % width;
    ys[k++] = (i / width) | 0;
  }
  const cleared: number[] = [];
  // Lines along rows (a pixel's along-coordinate is x, its offset y), then along columns.
  eraseLines(mask, ink, { length: width, lines: height, index: (a, o) => o * width + a, along: xs, offsets: ys }, cleared);
  eraseLines(mask, ink, { length: height, lines: width, index: (a, o) => a * width + o, along: ys, offsets: xs }, cleared);
  // Cleared after both passes: a line row must not break up the crossing test of a line column.
  for (const i of cleared) mask[i] = 0;
}

interface Frame {
  /** Pixels along a line, and lines across the image. */
  length: number;
  lines: number;
  /** The pixel index at `along` on the line at offset `offset`. */
  index: (along: number, offset: number) => number;
  /** Each set pixel's coordinates along a line and across. */
  along: Int32Array;
  offsets: Int32Array;
}

function eraseLines(mask: Uint8Array, ink: Float32Array, frame: Frame, cleared: number[]): void {
  const { length, lines, index, along, offsets } = frame;
  if (along.length < LINE_SHARE * length || !mayHoldLine(frame)) return;
  const pad = Math.ceil(MAX_SLOPE * length) + 1;
  const bins = lines + 2 * pad;
  const counts = new Uint32Array(bins);
  // The coarse search piles up every SAMPLE_STEP-th pixel: a line stands out as well, at a fraction of the cost.
  const pile = (slope: number, sample = 1): number => {
    counts.fill(0);
    for (let k = 0; k < along.length; k += sample) counts[Math.round(offsets[k]! - slope * along[k]!) + pad]!++;
    let energy = 0;
    for (let b = 0; b < bins; b++) energy += counts[b]! * counts[b]!;
    return energy;
  };
  const best = (from: number, to: number, step: number, sample: number): number => {
    let [slope, energy] = [from, -1];
    for (let s = from; s <= to + step / 2; s += step) {
      const e = pile(s, sample);
      if (e > energy) [slope, energy] = [s, e];
    }
    return slope;
  };
  const coarse = best(-MAX_SLOPE, MAX_SLOPE, SLOPE_STEP, SAMPLE_STEP);
  const slope = best(coarse - SLOPE_STEP, coarse + SLOPE_STEP, SLOPE_STEP / 10, 1);
  pile(slope);
  const offsetAt = (b: number, a: number): number => b - pad + Math.round(slope * a);
  // How many pixels of each band lie inside the image: a line askew leaves it through a side.
  const inside = (b: number): number => {
    let n = 0;
    for (let a = 0; a < length; a++) {
      const o = offsetAt(b, a);
      if (o >= 0 && o < lines) n++;
    }
    return n;
  };
  const isLine = new Uint8Array(bins);
  for (let b = 0; b < bins; b++) {
    if (counts[b]! >= LINE_SHARE * MIN_INSIDE * length) isLine[b] = Number(counts[b]! >= LINE_SHARE * Math.max(MIN_INSIDE * length, inside(b)));
  }
  // A run of full bands wider than a line is the table beyond a paper edge or a shadow: left whole for selectDigitComponents to drop.
  for (let b = 0; b < bins; ) {
    let end = b;
    while (end < bins && isLine[end]) end++;
    if (end - b > MAX_LINE_WIDTH) isLine.fill(0, b, end);
    b = Math.max(end, b + 1);
  }
  for (let b = 0; b < bins; b++) {
    if (!isLine[b] && !((isLine[b - 1] || isLine[b + 1]) && counts[b]! >= EDGE_SHARE * inside(b))) continue;
    const band: Array<[number, number]> = [];
    for (let a = 0; a < length; a++) {
      const o = offsetAt(b, a);
      if (o >= 0 && o < lines && mask[index(a, o)]) band.push([a, o]);
    }
    const levels = band.map(([a, o]) => ink[index(a, o)]!).sort((x, y) => x - y);
    const stroke = STROKE_OVER_LINE * levels[levels.length >> 1]!;
    for (const [a, o] of band) {
      const i = index(a, o);
      const crossing = o >= CROSSING_REACH && o + CROSSING_REACH < lines && mask[index(a, o - CROSSING_REACH)] && mask[index(a, o + CROSSING_REACH)];
      if (ink[i]! < stroke && !crossing) cleared.push(i);
    }
  }
}

/**
 * Whether any band at any slope the search can pick (up to MAX_SLOPE + SLOPE_STEP) could pass the
 * line test. A band holds at most one pixel at each position along it, and its pixels lie within
 * `span` consecutive lines, so it holds no more pixels than the positions with ink in those lines.
 * A band wholly inside needs LINE_SHARE of the length; one leaving through a side lies within the
 * first or last `span` − 1 lines and needs LINE_SHARE × MIN_INSIDE of it. A digit alone (a canvas,
 * a 28 × 28 digit, a blank sheet) fails this, so the search, most of the recipe's cost on small
 * images, is skipped without changing any answer.
 */
function mayHoldLine({ length, lines, along, offsets }: Frame): boolean {
  const span = Math.min(lines, Math.ceil((MAX_SLOPE + SLOPE_STEP) * (length - 1)) + 1);
  // The set pixels' positions grouped by line (counting sort).
  const starts = new Int32Array(lines + 1);
  for (let k = 0; k < offsets.length; k++) starts[offsets[k]! + 1]!++;
  for (let o = 0; o < lines; o++) starts[o + 1]! += starts[o]!;
  const byLine = new Int32Array(offsets.length);
  const next = starts.slice(0, lines);
  for (let k = 0; k < offsets.length; k++) byLine[next[offsets[k]!]!++] = along[k]!;
  const inked = new Int32Array(length);
  let positions = 0;
  const add = (line: number, change: 1 | -1) => {
    for (let k = starts[line]!; k < starts[line + 1]!; k++) {
      const a = byLine[k]!;
      inked[a]! += change;
      if (inked[a] === (change === 1 ? 1 : 0)) positions += change;
    }
  };
  /** Whether some window of `size` lines from `first` to `last` (its first line) has `needed` positions with ink. */
  const slide = (size: number, first: number, last: number, needed: number): boolean => {
    inked.fill(0);
    positions = 0;
    for (let line = first; line < first + size; line++) add(line, 1);
    for (let top = first; ; top++) {
      if (positions >= needed) return true;
      if (top >= last) return false;
      add(top, -1);
      add(top + size, 1);
    }
  };
  const side = LINE_SHARE * MIN_INSIDE * length;
  return (
    slide(span, 0, lines - span, LINE_SHARE * length) ||
    (span > 1 && (slide(span - 1, 0, 0, side) || slide(span - 1, lines - span + 1, lines - span + 1, side)))
  );
}
