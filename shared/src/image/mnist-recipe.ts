import type { ImagePreprocessing, MnistPreprocessing } from '../schemas/manifest.ts';
import { checkDigitInk, INK_THRESHOLD, type InkBox } from './check-digit-ink.ts';
import { extractInk } from './extract-ink.ts';
import { findDigitInk } from './find-digit-ink.ts';
import { inkBoundingBox } from './ink-bounding-box.ts';
import { resizeGray } from './resize-gray.ts';
import { thickenStrokes } from './thicken-strokes.ts';
import type { GrayImage } from './to-gray.ts';

/**
 * The original MNIST recipe: light ink on a dark background, the ink's bounding box scaled to fit
 * fitSize × fitSize keeping its aspect ratio (anti-aliased), then placed in size × size so its
 * centre of mass is at the centre. Returns size × size values in [0, 1], row-major, not yet
 * normalised. The ink is found as the model's preprocessing version says: version 1 (absent, models
 * published before photos were handled) takes one background level for the whole image
 * (extractInk); version 2 finds the digit in a photo (findDigitInk) and widens strokes thinner
 * than MNIST's (thickenStrokes). Throws InputError `no_digit`
 * when the ink is not digit-like (checkDigitInk): no ink, a speck, ink everywhere or noise get a
 * clear answer, not a guess.
 */
export function applyMnistRecipe(gray: GrayImage, params: MnistPreprocessing): Float32Array {
  const { ink, width, box, threshold } = params.version === 2 ? { ...findDigitInk(gray, params.invert), threshold: 0 } : extractInkV1(gray, params.invert);
  const crop = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const level = ink[(box.top + y) * width + box.left + x];
      // Faint specks inside the box are noise, not ink: they would pull the centre of mass.
      crop[y * box.width + x] = level > threshold ? level : 0;
    }
  }
  // Version 2 widens strokes a photo's pen leaves thinner than MNIST's; version 1 keeps them.
  const cropped = { width: box.width, height: box.height, data: crop };
  const inked = params.version === 2 ? thickenStrokes(cropped, params.fitSize / Math.max(box.width, box.height)) : cropped;
  const scale = params.fitSize / Math.max(inked.width, inked.height);
  const digit = resizeGray(inked, Math.max(1, Math.round(inked.width * scale)), Math.max(1, Math.round(inked.height * scale)));
  const result = new Float32Array(params.size * params.size);
  placeAtCentreOfMass(digit, result, params.size);
  return result;
}

function extractInkV1(gray: GrayImage, invert: ImagePreprocessing['invert']): { ink: Float32Array; width: number; box: InkBox; threshold: number } {
  const ink = extractInk(gray, invert);
  const box = ink && inkBoundingBox(ink, gray.width, gray.height, INK_THRESHOLD);
  checkDigitInk(ink, gray.width, gray.height, box, INK_THRESHOLD);
  // checkDigitInk has thrown when either is missing.
  return { ink: ink as Float32Array, width: gray.width, box: box as InkBox, threshold: INK_THRESHOLD };
}
/** Whole-pixel shift, as in MNIST, so the strokes stay sharp; what falls off the edge is clipped. */
function placeAtCentreOfMass(digit: GrayImage, result: Float32Array, size: number): void {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < digit.height; y++) {
    for (let x = 0; x < digit.width; x++) {
      const level = digit.data[y * digit.width + x];
      mass += level;
      sumX += level * x;
      sumY += level * y;
    }
  }
  // In pixel indices, as MNIST did: its digits' centres of mass average (14.0, 14.0) on 0-27, which
  // is half a pixel right of and below the geometric centre.
  const centreX = mass > 0 ? sumX / mass : (digit.width - 1) / 2;
  const centreY = mass > 0 ? sumY / mass : (digit.height - 1) / 2;
  const offsetX = Math.round(size / 2 - centreX);
  const offsetY = Math.round(size / 2 - centreY);
  for (let y = 0; y < digit.height; y++) {
    const targetY = y + offsetY;
    if (targetY < 0 || targetY >= size) continue;
    for (let x = 0; x < digit.width; x++) {
      const targetX = x + offsetX;
      if (targetX < 0 || targetX >= size) continue;
      result[targetY * size + targetX] = Math.min(1, Math.max(0, digit.data[y * digit.width + x]));
    }
  }
}
