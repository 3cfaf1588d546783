import type { InkComponent } from './label-components.ts';

/** A component at the image's edge spanning this share of a side is a paper edge, a shadow's edge or a frame. */
const FRAME_SPAN = 0.9;
/** Ink at the image's edge smaller than this share of its longer side is a dark corner or a scrap of an edge: a digit there would be cut off. */
const EDGE_SCRAP_SPAN = 0.15;
/** A component this many times wider than tall, across this share of the image, is a piece of a ruled line. */
const LINE_ASPECT = 8;
const LINE_SPAN = 0.25;
/**
 * A thin component (its pixels over its longer side under this share of that side) spanning this
 * share of the image's side is a line, the paper's edge or a shadow's, in any direction: a photo's
 * digit spans under 40% of the frame. Kept only when there is nothing else (a canvas's "1").
 */
const EDGE_LINE_SPAN = 0.6;
const EDGE_LINE_THICKNESS = 0.1;
/** Pieces lighter than this share of the digit's main stroke are specks. */
const MIN_MASS_SHARE = 0.03;
/** Pieces of one digit lie within this share of the main stroke's larger side from its box. */
const REACH = 0.5;

/**
 * The components that form the digit: the heaviest one holding strong ink (`strong` or more),
 * not a frame or a small scrap at the edge nor a piece of a ruled line (a line faded by vignetting escapes eraseRuledLines) nor, unless
 * nothing else is, a paper edge's or shadow's line, and the strong, not-too-light pieces near it (the bar of a 5, the
 * broken stroke of a 4). Specks, far marks, paper edges and shadows are left out. Empty when
 * there is no such component.
 */
export function selectDigitComponents(components: InkComponent[], width: number, height: number, strong: number): InkComponent[] {
  let candidates = components.filter((c) => {
    const [w, h] = [c.right - c.left + 1, c.bottom - c.top + 1];
    const frame = c.atEdge && (w >= FRAME_SPAN * width || h >= FRAME_SPAN * height);
    const line = w >= LINE_ASPECT * h && w >= LINE_SPAN * width;
    const scrap = c.atEdge && Math.max(w, h) < EDGE_SCRAP_SPAN * Math.max(width, height);
    return c.peak >= strong && !frame && !line && !scrap;
  });
  const strokes = candidates.filter((c) => !isEdgeLine(c, width, height));
  if (strokes.length > 0) candidates = strokes;
  if (candidates.length === 0) return [];
  const main = candidates.reduce((best, c) => (c.mass > best.mass ? c : best));
  const reach = REACH * Math.max(main.right - main.left + 1, main.bottom - main.top + 1);
  return candidates.filter(
    (c) =>
      c === main ||
      (c.mass >= MIN_MASS_SHARE * main.mass &&
        c.left <= main.right + reach &&
        c.right >= main.left - reach &&
        c.top <= main.bottom + reach &&
        c.bottom >= main.top - reach),
  );
}

function isEdgeLine(c: InkComponent, width: number, height: number): boolean {
  const [w, h] = [c.right - c.left + 1, c.bottom - c.top + 1];
  const long = Math.max(w, h);
  return (w >= EDGE_LINE_SPAN * width || h >= EDGE_LINE_SPAN * height) && c.pixels <= EDGE_LINE_THICKNESS * long * long;
}
