import type { ClientImageStyle } from './client-image-style.ts';
import { normalRandom } from './normal-random.ts';

type Point = [number, number];
/** Pen-down paths in a unit box (x right, y down, both 0-1). */
type Glyph = Point[][];

/** Points along an ellipse, angles in degrees clockwise on screen from the right (0) through the bottom (90). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number): Point[] {
  const steps = Math.max(2, Math.ceil(Math.abs(to - from) / 15));
  return Array.from({ length: steps + 1 }, (_, k) => {
    const angle = ((from + ((to - from) * k) / steps) * Math.PI) / 180;
    return [cx + rx * Math.cos(angle), cy + ry * Math.sin(angle)];
  });
}

/** Each digit as people write it, in two or three common forms; none is traced from MNIST. */
const GLYPHS: Glyph[][] = [
  [[arc(0.5, 0.5, 0.45, 0.5, -90, 275)], [arc(0.5, 0.5, 0.42, 0.5, -60, 300)]],
  [[[[0.55, 0], [0.5, 1]]], [[[0.25, 0.22], [0.6, 0], [0.55, 1]]], [[[0.25, 0.2], [0.55, 0], [0.55, 1]], [[0.25, 1], [0.85, 1]]]],
  [[[...arc(0.5, 0.28, 0.4, 0.28, 200, 400), [0.08, 1], [0.95, 0.98]]], [[...arc(0.5, 0.3, 0.42, 0.3, 190, 380), [0.1, 0.95], [0.35, 0.85], [0.95, 1]]]],
  [[[...arc(0.5, 0.26, 0.38, 0.26, 200, 450), ...arc(0.5, 0.74, 0.42, 0.26, 270, 520)]], [[[0.1, 0.02], [0.85, 0.02], [0.4, 0.42], ...arc(0.5, 0.7, 0.42, 0.3, 250, 510)]]],
  [[[[0.65, 0], [0.05, 0.68], [0.95, 0.68]], [[0.68, 0.3], [0.68, 1]]], [[[0.15, 0], [0.1, 0.6], [0.9, 0.6]], [[0.7, 0.05], [0.7, 1]]]],
  [[[[0.85, 0.02], [0.2, 0.02], [0.17, 0.47], ...arc(0.48, 0.7, 0.42, 0.28, 225, 510)]], [[[0.2, 0.02], [0.17, 0.47], ...arc(0.48, 0.7, 0.42, 0.28, 225, 510)], [[0.2, 0.02], [0.85, 0]]]],
  [[[[0.75, 0.02], [0.45, 0.2], [0.2, 0.5], ...arc(0.5, 0.72, 0.38, 0.27, 180, 540)]], [[[0.7, 0], [0.3, 0.35], ...arc(0.5, 0.7, 0.4, 0.3, 180, 520)]]],
  [[[[0.05, 0.02], [0.95, 0.02], [0.4, 1]]], [[[0.05, 0.02], [0.95, 0.02], [0.45, 1]], [[0.4, 0.5], [0.85, 0.5]]], [[[0.05, 0.1], [0.1, 0], [0.95, 0.02], [0.6, 0.5], [0.5, 1]]]],
  [[arc(0.5, 0.25, 0.3, 0.24, 0, 360), arc(0.5, 0.73, 0.38, 0.27, 0, 360)], [[...arc(0.5, 0.25, 0.32, 0.24, 30, -270), ...arc(0.5, 0.73, 0.38, 0.27, -90, 270)]]],
  [[[...arc(0.48, 0.27, 0.36, 0.26, 0, 360), [0.8, 1]]], [[...arc(0.48, 0.27, 0.36, 0.26, 0, 360), [0.8, 0.7], [0.6, 1]]]],
];

const between = (random: () => number, [low, high]: [number, number]) => low + (high - low) * random();

/** A drawing on the canvas: pen-down paths in canvas pixels and the brush's width. */
export interface HandwrittenDigit {
  paths: Point[][];
  lineWidth: number;
}

/**
 * A digit as a person draws it on a square canvas of `side` pixels: one of the glyph's forms with
 * its paths and points jittered, every path wobbling smoothly along its length, slanted, rotated,
 * of varied width and height, placed off-centre. Used to draw canvas images in a real browser.
 */
export function handwrittenStrokes(label: number, side: number, style: ClientImageStyle['drawn'], random: () => number): HandwrittenDigit {
  const forms = GLYPHS[label]!;
  const form = forms[Math.floor(random() * forms.length)]!;
  const height = between(random, style.height);
  const width = height * between(random, style.aspect);
  const slant = between(random, [-style.slant, style.slant]);
  const angle = (between(random, [-style.rotationDegrees, style.rotationDegrees]) * Math.PI) / 180;
  const lineWidth = between(random, style.lineWidth);
  const reach = Math.hypot(width, height) / 2 + lineWidth;
  const centreX = reach + random() * Math.max(0, side - 2 * reach);
  const centreY = reach + random() * Math.max(0, side - 2 * reach);
  const paths = form.map((path) => {
    // Each path shifted as a whole, its points a little each: a hand misplaces strokes more than it bends them.
    const [shiftX, shiftY] = [style.jitter * normalRandom(random), style.jitter * normalRandom(random)];
    const moved = path.map(([x, y]): Point => [x + shiftX + (style.jitter / 4) * normalRandom(random), y + shiftY + (style.jitter / 4) * normalRandom(random)]);
    const phases = [2 * Math.PI * random(), 2 * Math.PI * random()];
    return resample(moved).map(([x, y], k, all): Point => {
      const along = (2 * Math.PI * k) / all.length;
      const u = (x - 0.5 + style.wobble * Math.sin(along + phases[0]!) - slant * (y - 0.5)) * width;
      const v = (y - 0.5 + style.wobble * Math.sin(1.5 * along + phases[1]!)) * height;
      return [centreX + u * Math.cos(angle) - v * Math.sin(angle), centreY + u * Math.sin(angle) + v * Math.cos(angle)];
    });
  });
  return { paths, lineWidth };
}

/** Points every 0.03 units along a polyline, so a wobble bends it smoothly. */
function resample(path: Point[]): Point[] {
  const points: Point[] = [path[0]!];
  for (let i = 1; i < path.length; i++) {
    const [[x0, y0], [x1, y1]] = [path[i - 1]!, path[i]!];
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 0.03));
    for (let k = 1; k <= steps; k++) points.push([x0 + ((x1 - x0) * k) / steps, y0 + ((y1 - y0) * k) / steps]);
  }
  return points;
}
