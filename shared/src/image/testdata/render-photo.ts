import { encode as encodeJpeg } from 'jpeg-js';
import type { ClientImageStyle } from './client-image-style.ts';
import { normalRandom } from './normal-random.ts';
import { MNIST_SIDE } from './read-mnist-digits.ts';
import { strokeDigit } from './stroke-digit.ts';

/** The digit a photo shows: its centre line, for a pen to re-draw, and MNIST's own pixels, for a broad marker. */
export interface PhotoDigit {
  points: Array<[number, number]>;
  pixels: Uint8Array;
}

const PENS = [[20, 20, 28], [25, 40, 120], [15, 25, 70], [60, 60, 64], [90, 25, 30]];
const PENCIL = [110, 110, 116];
const between = (random: () => number, [low, high]: [number, number]) => low + (high - low) * random();

/**
 * A phone photo of a digit written on paper, as JPEG bytes: the digit (none for a blank sheet),
 * its centre line re-drawn by a pen of varied colour and width, sometimes a faint one, or MNIST's
 * own strokes as a broad marker, on off-white or tinted paper, small, tilted and off-centre; light
 * falling unevenly (gradient, vignette, sometimes a soft shadow), sometimes ruled or squared paper
 * (askew as the page is) or the paper's edge with the table beyond, then blur, sensor noise and
 * JPEG compression.
 */
export function renderPhoto(digit: PhotoDigit | undefined, style: ClientImageStyle['photo'], random: () => number): Uint8Array {
  const width = Math.round(between(random, style.frame));
  const height = Math.round(between(random, style.frame));
  const side = between(random, style.side);
  const margin = side / 2 + 8;
  const centreX = margin + random() * Math.max(0, width - 2 * margin);
  const centreY = margin + random() * Math.max(0, height - 2 * margin);
  const placement = { width, height, side, centreX, centreY, rotationDegrees: (2 * random() - 1) * style.rotationDegrees };
  const radius = between(random, style.penRadius);
  const marker = digit !== undefined && chance(random, style.markerChance);
  const ink = marker ? enlargeDigit(digit.pixels, placement) : strokeDigit(digit?.points ?? [], { ...placement, radius, elastic: 0, phases: [0, 0, 0, 0] });
  const tint = 25 * random();
  const paper = [240 - tint * random(), 236 - tint * random(), 225 - tint * random()];
  let pen = PENS[Math.floor(random() * PENS.length)]!.map((c) => c + 20 * (random() - 0.5));
  let penOpacity = between(random, [0.75, 1]);
  const ruled = random() < style.ruledChance ? { spacing: between(random, [22, 40]), offset: 40 * random(), thickness: random() < 0.5 ? 1 : 2 } : undefined;
  if (chance(random, style.faintChance)) {
    pen = PENCIL.map((c) => c + 20 * (random() - 0.5));
    penOpacity = between(random, [0.45, 0.7]);
  }
  // The page's tilt under the camera: ruled lines run askew by this slope (rows per column).
  const slope = style.pageTiltDegrees ? Math.tan(((2 * random() - 1) * style.pageTiltDegrees * Math.PI) / 180) : 0;
  const grid = ruled !== undefined && chance(random, style.gridChance);
  const edge = random() < style.edgeChance ? paperEdge(random, width, height, { centreX, centreY, reach: side * 0.75 }) : undefined;
  const light = {
    base: between(random, style.brightness), gx: style.gradient * (2 * random() - 1), gy: style.gradient * (2 * random() - 1), vignette: style.vignette * random(),
    shadow: random() < style.shadowChance ? { angle: 2 * Math.PI * random(), at: between(random, [-0.3, 0.3]), depth: between(random, [0.3, 0.55]), soft: between(random, [0.04, 0.2]) } : undefined,
  };
  const rgb = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const nx = x / width - 0.5;
      const ny = y / height - 0.5;
      let colour = paper;
      if (ruled && (onLine(y + slope * x, ruled) || (grid && onLine(x - slope * y, ruled)))) colour = mix(colour, [150, 180, 225], 0.8);
      const a = ink[y * width + x] * penOpacity;
      if (a > 0) colour = mix(colour, pen, a);
      if (edge && beyondEdge(edge, nx, ny)) colour = [edge.table * 1.1, edge.table, edge.table * 0.85];
      let illumination = light.base * (1 + light.gx * nx + light.gy * ny) * (1 - light.vignette * 2 * (nx * nx + ny * ny));
      if (light.shadow) {
        const distance = nx * Math.cos(light.shadow.angle) + ny * Math.sin(light.shadow.angle) - light.shadow.at;
        illumination *= 1 - light.shadow.depth / (1 + Math.exp(-distance / light.shadow.soft));
      }
      for (let c = 0; c < 3; c++) rgb[(y * width + x) * 3 + c] = colour[c]! * illumination;
    }
  }
  const blurred = gaussianBlur(rgb, width, height, between(random, style.blurSigma));
  const noise = between(random, style.noiseSigma);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.min(255, Math.max(0, Math.round(blurred[i * 3 + c]! + noise * normalRandom(random))));
    rgba[i * 4 + 3] = 255;
  }
  return new Uint8Array(encodeJpeg({ width, height, data: rgba }, Math.round(between(random, style.jpegQuality))).data);
}

/** True with probability `share`; no draw when it is absent or 0, so a style without the variation gives the same images as before it existed. */
function chance(random: () => number, share: number | undefined): boolean {
  return share !== undefined && share > 0 && random() < share;
}

function onLine(position: number, ruled: { spacing: number; offset: number; thickness: number }): boolean {
  return (((position + ruled.offset) % ruled.spacing) + ruled.spacing) % ruled.spacing < ruled.thickness;
}

/** Ink of MNIST's own 28 × 28 pixels enlarged (bilinear) and rotated onto the frame: a broad marker, strokes as wide as MNIST's. */
function enlargeDigit(pixels: Uint8Array, placement: { width: number; height: number; side: number; centreX: number; centreY: number; rotationDegrees: number }): Float32Array {
  const { width, height, side, centreX, centreY } = placement;
  const theta = (-placement.rotationDegrees * Math.PI) / 180;
  const [cos, sin] = [Math.cos(theta), Math.sin(theta)];
  const unit = side / MNIST_SIDE;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= MNIST_SIDE || y >= MNIST_SIDE ? 0 : pixels[y * MNIST_SIDE + x]! / 255);
  const ink = new Float32Array(width * height);
  const reach = side * 0.75;
  for (let y = Math.max(0, Math.floor(centreY - reach)); y < Math.min(height, Math.ceil(centreY + reach)); y++) {
    for (let x = Math.max(0, Math.floor(centreX - reach)); x < Math.min(width, Math.ceil(centreX + reach)); x++) {
      // The inverse of strokeDigit's rotation: frame offset to the digit's own coordinates.
      const [dx, dy] = [x + 0.5 - centreX, y + 0.5 - centreY];
      const u = (dx * cos + dy * sin) / unit + MNIST_SIDE / 2 - 0.5;
      const v = (-dx * sin + dy * cos) / unit + MNIST_SIDE / 2 - 0.5;
      const [x0, y0] = [Math.floor(u), Math.floor(v)];
      const [fx, fy] = [u - x0, v - y0];
      ink[y * width + x] = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
  return ink;
}

function mix(a: number[], b: number[], share: number): number[] {
  return a.map((v, c) => v * (1 - share) + b[c]! * share);
}

/** The paper's edge on one side, with the table beyond it, never over the digit (`reach` around its centre). */
function paperEdge(random: () => number, width: number, height: number, digit: { centreX: number; centreY: number; reach: number }) {
  const side = Math.floor(4 * random());
  // The room between the digit and that side, as a share of the frame.
  const room = [digit.centreX - digit.reach, width - digit.centreX - digit.reach, digit.centreY - digit.reach, height - digit.centreY - digit.reach][side]! / (side < 2 ? width : height);
  const at = Math.min(between(random, [0.04, 0.15]), room - 0.08);
  return at < 0.03 ? undefined : { side, at, slope: 0.15 * (random() - 0.5), table: between(random, [30, 110]) };
}

function beyondEdge(edge: { side: number; at: number; slope: number }, nx: number, ny: number): boolean {
  // Sides 0-3: left, right, top, bottom; the edge runs a little askew.
  const across = edge.side < 2 ? nx : ny;
  const along = edge.side < 2 ? ny : nx;
  const limit = 0.5 - edge.at + edge.slope * along;
  return edge.side % 2 === 0 ? across < -limit : across > limit;
}

/** Separable Gaussian blur of interleaved RGB, edges clamped. */
function gaussianBlur(rgb: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const reach = Math.ceil(2.5 * sigma);
  const kernel = Array.from({ length: 2 * reach + 1 }, (_, k) => Math.exp(-((k - reach) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const weights = kernel.map((w) => w / total);
  const pass = (source: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(source.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let k = -reach; k <= reach; k++) {
            const sx = horizontal ? Math.min(width - 1, Math.max(0, x + k)) : x;
            const sy = horizontal ? y : Math.min(height - 1, Math.max(0, y + k));
            sum += source[(sy * width + sx) * 3 + c]! * weights[k + reach]!;
          }
          out[(y * width + x) * 3 + c] = sum;
        }
      }
    }
    return out;
  };
  return pass(pass(rgb, true), false);
}
