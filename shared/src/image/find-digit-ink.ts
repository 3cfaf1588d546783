import type { ImagePreprocessing } from '../schemas/manifest.ts';
import { InputError } from '../errors.ts';
import { checkDigitInk, type InkBox } from './check-digit-ink.ts';
import { eraseRuledLines } from './erase-ruled-lines.ts';
import { inkBoundingBox } from './ink-bounding-box.ts';
import { labelComponents } from './label-components.ts';
import { otsuThreshold } from './otsu-threshold.ts';
import { removeIllumination } from './remove-illumination.ts';
import { resizeGray } from './resize-gray.ts';
import { selectDigitComponents } from './select-digit-components.ts';
import type { GrayImage } from './to-gray.ts';

/** Larger images are shrunk (by area) to this longer side first: a digit needs no more, and the cost stays flat. */
const MAX_WORK_SIDE = 512;
/** Below this contrast of the strongest stroke over its local background (0-1) there is no ink ... */
const MIN_INK_CONTRAST = 0.2;
/**
 * ... and below this, as faint as a shadow's edge or a vignette's corner on blank paper, the ink is
 * a digit only when it looks like one: at most FAINT_MAX_PIECES pieces spanning FAINT_SPAN of the
 * image's longer side (a pencil's digit is one or two strokes of a tenth to a third of the frame;
 * what blank paper leaves over the noise is scraps or a wide stain).
 */
const CLEAR_INK_CONTRAST = 0.3;
const FAINT_MAX_PIECES = 3;
const FAINT_SPAN: [number, number] = [0.08, 0.4];
/** Pieces inside the frame under this many pixels are specks, whatever their level: they do not set the digit's contrast. */
const MIN_PIECE_PIXELS = 60;
/** Strong ink: Otsu's split, but at least this share of the peak (Otsu splits noise from noise on a clean page). */
const STRONG_SHARE = 0.35;
/** Weak ink, the soft edges of strokes: this share of the peak, as the MNIST recipe's 0.1 ... */
const WEAK_SHARE = 0.1;
/** ... or this many times the background's upper quartile, whichever is higher, so sensor noise stays out. */
const NOISE_FACTOR = 3;
/** Kept ink is stretched so this percentile of its strong levels is full ink, as MNIST's strokes are. */
const STRETCH_PERCENTILE = 0.98;

/** The digit's ink, cleaned of everything else, and its bounding box. */
export interface DigitInk {
  /** Levels in [0, 1], row-major, 0 outside the digit. */
  ink: Float32Array;
  width: number;
  height: number;
  box: InkBox;
}

/**
 * Finds the digit in a photo or drawing (preprocessing version 2): uneven lighting removed,
 * ink split from background by an Otsu threshold with hysteresis (weak edges kept when joined to
 * strong ink), ruled lines erased, then only the connected ink that forms the digit kept (specks,
 * shadows, paper edges and far marks dropped). Throws InputError `no_digit` when there is no
 * digit-like ink (checkDigitInk), before and after the clean-up, or only faint marks not shaped like one.
 */
export function findDigitInk(gray: GrayImage, invert: ImagePreprocessing['invert']): DigitInk {
  const work = shrinkToWorkSize(gray);
  const { width, height } = work;
  const ink = removeIllumination(work, invert);
  const peak = erodedPeak(ink, width, height);
  if (!(peak >= MIN_INK_CONTRAST)) checkDigitInk(undefined, width, height, undefined, 0);
  const strong = Math.max(otsuThreshold(ink), STRONG_SHARE * peak);
  const weak = Math.max(WEAK_SHARE * peak, NOISE_FACTOR * quartileBelow(ink, strong));
  const mask = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) mask[i] = ink[i] > weak ? 1 : 0;
  // Ink everywhere and noise are judged on the whole image, before anything is dropped.
  checkDigitInk(ink, width, height, inkBoundingBox(ink, width, height, weak), weak);

  eraseRuledLines(mask, ink, width, height);
  const { labels, components } = labelComponents(mask, ink, width, height);
  // The table beyond a paper edge or a dark corner, at the frame's edge, can outshine a faint digit:
  // the digit's contrast and strong ink are then judged by the ink inside the frame.
  const inner = components.filter((c) => !c.atEdge && c.pixels >= MIN_PIECE_PIXELS);
  const contrast = inner.length > 0 ? Math.min(peak, Math.max(...inner.map((c) => c.peak))) : peak;
  if (contrast < MIN_INK_CONTRAST) checkDigitInk(undefined, width, height, undefined, 0);
  const digitStrong = contrast < peak ? Math.max(weak, STRONG_SHARE * contrast) : strong;
  const digit = selectDigitComponents(components, width, height, digitStrong);
  const kept = new Uint8Array(components.length + 1);
  for (const c of digit) kept[c.label] = 1;
  const cleaned = new Float32Array(ink.length);
  for (let i = 0; i < ink.length; i++) if (kept[labels[i]]) cleaned[i] = ink[i];
  const box: InkBox | undefined =
    digit.length === 0
      ? undefined
      : {
          left: Math.min(...digit.map((c) => c.left)),
          top: Math.min(...digit.map((c) => c.top)),
          width: Math.max(...digit.map((c) => c.right)) - Math.min(...digit.map((c) => c.left)) + 1,
          height: Math.max(...digit.map((c) => c.bottom)) - Math.min(...digit.map((c) => c.top)) + 1,
        };
  checkDigitInk(cleaned, width, height, box, 0);
  const span = Math.max(box!.width, box!.height) / Math.max(width, height);
  if (contrast < CLEAR_INK_CONTRAST && (digit.length > FAINT_MAX_PIECES || span < FAINT_SPAN[0] || span > FAINT_SPAN[1])) {
    throw new InputError('no_digit', 'no digit found: only faint marks, not shaped like a digit', { contrast });
  }
  stretch(cleaned, digitStrong);
  return { ink: cleaned, width, height, box: box as InkBox };
}

function shrinkToWorkSize(gray: GrayImage): GrayImage {
  const longer = Math.max(gray.width, gray.height);
  if (longer <= MAX_WORK_SIDE) return gray;
  const scale = MAX_WORK_SIDE / longer;
  return resizeGray(gray, Math.max(1, Math.round(gray.width * scale)), Math.max(1, Math.round(gray.height * scale)));
}

/** The strongest level held by a whole 2 × 2 block: a lone hot pixel (noise, a JPEG spike) is not a stroke. */
function erodedPeak(ink: Float32Array, width: number, height: number): number {
  let peak = 0;
  for (let y = 0; y + 1 < height; y++) {
    for (let x = 0; x + 1 < width; x++) {
      const i = y * width + x;
      peak = Math.max(peak, Math.min(ink[i], ink[i + 1], ink[i + width], ink[i + width + 1]));
    }
  }
  return peak;
}

/** The upper quartile of the levels under `limit`: how high the background's noise reaches. */
function quartileBelow(ink: Float32Array, limit: number): number {
  const histogram = new Uint32Array(256);
  let count = 0;
  for (let i = 0; i < ink.length; i++) {
    if (ink[i] >= limit) continue;
    histogram[Math.min(255, Math.floor(ink[i] * 256))]++;
    count++;
  }
  let seen = 0;
  for (let bin = 0; bin < 256; bin++) {
    seen += histogram[bin];
    if (seen > 0.75 * count) return bin / 256;
  }
  return 0;
}

/** Divides by the STRETCH_PERCENTILE of the strong levels (clamped to 1), so faint pens read as full ink. */
function stretch(ink: Float32Array, strong: number): void {
  let count = 0;
  for (let i = 0; i < ink.length; i++) if (ink[i] >= strong) count++;
  const levels = new Float32Array(count);
  for (let i = 0, k = 0; i < ink.length; i++) if (ink[i] >= strong) levels[k++] = ink[i];
  levels.sort();
  const top = levels.length > 0 ? levels[Math.min(levels.length - 1, Math.floor(STRETCH_PERCENTILE * levels.length))] : 1;
  for (let i = 0; i < ink.length; i++) ink[i] = Math.min(1, ink[i] / top);
}
