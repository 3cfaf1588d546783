import type { ClientImageStyle } from './client-image-style.ts';
import { encodePngRaw } from './encode-png.ts';
import { strokeDigit } from './stroke-digit.ts';

const SIDE = 280;
const between = (random: () => number, [low, high]: [number, number]) => low + (high - low) * random();

/**
 * A browser-canvas drawing as PNG bytes: white strokes of a round brush on black, 280 × 280 RGBA,
 * the digit's centre line (`points`; none for an empty canvas) elastically distorted, tilted,
 * sized and placed off-centre, as a person re-drawing it with a mouse or finger would.
 */
export function renderCanvas(points: Array<[number, number]>, style: ClientImageStyle['canvas'], random: () => number): Uint8Array {
  const side = between(random, style.side);
  const margin = side * 0.4;
  const ink = strokeDigit(points, {
    width: SIDE, height: SIDE, side,
    centreX: margin + random() * (SIDE - 2 * margin),
    centreY: margin + random() * (SIDE - 2 * margin),
    rotationDegrees: (2 * random() - 1) * style.rotationDegrees,
    // A canvas brush has one width whatever the size of the digit drawn with it.
    radius: between(random, style.penRadius),
    elastic: between(random, style.elastic),
    phases: Array.from({ length: 4 }, () => 2 * Math.PI * random()),
  });
  const samples = new Uint8Array(SIDE * SIDE * 4);
  for (let i = 0; i < ink.length; i++) {
    const level = Math.round(255 * ink[i]!);
    samples.set([level, level, level, 255], i * 4);
  }
  return encodePngRaw({ width: SIDE, height: SIDE, bitDepth: 8, colourType: 6, samples });
}
