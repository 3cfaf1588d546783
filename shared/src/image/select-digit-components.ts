import type { InkComponent } from './label-components.ts';

/** A component at the image's edge spanning this share of a side is a paper edge, a shadow's edge or a frame. */
const FRAME_SPAN = 0.9;
/** Ink at the image's edge smaller than this share of its longer side is a dark corner or a scrap of an edge: a digit there would be cut off. */
const EDGE_SCRAP_SPAN = 0.15;
/** A component at the image's edge reaching into it less than this share of its length along that edge is a strip, not a digit (cut off there). */
const STRIP_DEPTH = 0.5;
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
/**
 * A filled blob (ink over this share of its box, less than this many times longer than wide, its
 * shorter side over this share of the image's and this many pixels) is the table beyond a paper
 * edge or a shadow's patch, or a thick brush's short bar: strokes that form a digit leave most of
 * its box empty or run long and thin. Not taken for the digit's main stroke unless nothing else is.
 */
const BLOB_FILL = 0.6;
const BLOB_ASPECT = 3;
const BLOB_SIDE = 0.06;
const BLOB_MIN_SIDE = 16;
/** Pieces lighter than this share of the digit's main stroke are specks. */
const MIN_MASS_SHARE = 0.03;
/** Pieces of one digit lie within this share of the main stroke's larger side from its box. */
const REACH = 0.5;

/**
 * The components that form the digit: the heaviest one holding strong ink (`strong` or more),
 * not a frame, a strip along an edge or a small scrap at the edge nor a piece of a ruled line (a line faded by vignetting escapes eraseRuledLines) nor, unless
 * nothing else is, a paper edge's or shadow's line or a filled blob, and the strong, not-too-light pieces near it (the bar of a 5, the
 * broken stroke of a 4). Specks, far marks, paper edges and shadows are left out. Empty when
 * there is no such component.
 */
export function selectDigitComponents(components: InkComponent[], width: number, height: number, strong: number): InkComponent[] {
  const candidates = components.filter((c) => {
    const [w, h] = boxSize(c);
    const frame = c.atEdge && (w >= FRAME_SPAN * width || h >= FRAME_SPAN * height);
    const line = w >= LINE_ASPECT * h && w >= LINE_SPAN * width;
    const scrap = c.atEdge && Math.max(w, h) < EDGE_SCRAP_SPAN * Math.max(width, height);
    return c.peak >= strong && !frame && !line && !scrap && !isEdgeStrip(c, width, height);
  });
  if (candidates.length === 0) return [];
  // A photo's digit lies inside the frame: ink touching its edge (a corner's vignette, the table, a line's end) is the digit only when nothing else is.
  const strokes = candidates.filter((c) => !c.atEdge && !isEdgeLine(c, width, height) && !isBlob(c, width, height));
  const main = (strokes.length > 0 ? strokes : candidates).reduce((best, c) => (c.mass > best.mass ? c : best));
  const reach = REACH * Math.max(...boxSize(main));
  return candidates.filter(
    (c) =>
      c === main ||
      (!c.atEdge &&
        c.mass >= MIN_MASS_SHARE * main.mass &&
        c.left <= main.right + reach &&
        c.right >= main.left - reach &&
        c.top <= main.bottom + reach &&
        c.bottom >= main.top - reach),
  );
}

/** Lies along a side of the image it touches, less deep than STRIP_DEPTH of its length there: a vignette's or shadow's residue, a strip of table. */
function isEdgeStrip(c: InkComponent, width: number, height: number): boolean {
  const [w, h] = boxSize(c);
  const alongSide = c.left === 0 || c.right === width - 1;
  const alongTopOrBottom = c.top === 0 || c.bottom === height - 1;
  return (alongSide && w < STRIP_DEPTH * h) || (alongTopOrBottom && h < STRIP_DEPTH * w);
}

function isEdgeLine(c: InkComponent, width: number, height: number): boolean {
  const [w, h] = boxSize(c);
  const long = Math.max(w, h);
  return (w >= EDGE_LINE_SPAN * width || h >= EDGE_LINE_SPAN * height) && c.pixels <= EDGE_LINE_THICKNESS * long * long;
}

function isBlob(c: InkComponent, width: number, height: number): boolean {
  const [w, h] = boxSize(c);
  const short = Math.min(w, h);
  return c.pixels >= BLOB_FILL * w * h && Math.max(w, h) < BLOB_ASPECT * short && short >= Math.max(BLOB_MIN_SIDE, BLOB_SIDE * Math.min(width, height));
}

function boxSize(c: InkComponent): [number, number] {
  return [c.right - c.left + 1, c.bottom - c.top + 1];
}
