import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage, toGray } from '@edgeml/shared';
import { resizeGray } from '@edgeml/shared/image/resize-gray';
import { encodePngRaw } from '@edgeml/shared/testdata/encode-png';

const PANEL = 224;

/**
 * Writes `name`.png to `dir`: the image as sent (grey, scaled to PANEL pixels high) beside the
 * model's 28 × 28 input (`recipe`, values 0-1, or none when it was refused) enlarged to PANEL, so
 * a failure's cause (segmentation, scale, centring or the model) shows at a glance.
 */
export function dumpFailure(dir: string, name: string, bytes: Uint8Array, recipe: Float32Array | undefined): void {
  const gray = toGray(decodeImage(bytes, { maxSide: 8192, maxPixels: 2 ** 26 }));
  const shown = resizeGray(gray, Math.max(1, Math.round((gray.width * PANEL) / gray.height)), PANEL);
  const width = shown.width + 8 + PANEL;
  const samples = new Uint8Array(width * PANEL).fill(128);
  const side = recipe ? Math.round(Math.sqrt(recipe.length)) : 1;
  for (let y = 0; y < PANEL; y++) {
    for (let x = 0; x < shown.width; x++) samples[y * width + x] = Math.round(shown.data[y * shown.width + x]!);
    for (let x = 0; x < PANEL; x++) {
      const level = recipe ? recipe[Math.floor((y * side) / PANEL) * side + Math.floor((x * side) / PANEL)]! : 0;
      samples[y * width + shown.width + 8 + x] = Math.round(255 * level);
    }
  }
  writeFileSync(path.join(dir, `${name}.png`), encodePngRaw({ width, height: PANEL, bitDepth: 8, colourType: 0, samples }));
}
