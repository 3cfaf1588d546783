
/**
 * Stroke-level augmentation of a batch of single-channel images (`count` × side × side values,
 * background `fill`), in place, so the model sees digits as clients draw them: each image, drawn
 * independently, has its strokes thickened (3 × 3 max; thinning by a 3 × 3 min erased MNIST's
 * 2-pixel strokes and cost test accuracy, so strokes are never thinned), is elastically
 * distorted (a smooth random displacement field, bilinear), blurred (3 × 3 binomial) and (half of
 * them) given near-Gaussian noise, each with the config's strength (0 turns it off).
 */
export function distortStrokes(images: Float32Array, count: number, side: number, config: AugmentationConfig, random: () => number, fill: number): void {
  const size = side * side;
  for (let n = 0; n < count; n++) {
    let image = images.subarray(n * size, (n + 1) * size);
    if (random() < config.thickness) image = dilate(image, side);
    if (config.elastic > 0) image = elastic(image, side, config.elastic, random, fill);
    if (random() < config.blur) image = blur(image, side);
    // Half the images stay clean: MNIST's own digits are.
    if (config.noise > 0 && random() < 0.5) {
      const sigma = config.noise * random();
      // The sum of three uniforms, centred and scaled to unit variance: near enough a Gaussian, and cheap.
      for (let i = 0; i < size; i++) image[i] += 2 * sigma * (random() + random() + random() - 1.5);
    }
    images.set(image, n * size);
  }
}

/** 3 × 3 dilation (the max): light strokes a pixel thicker. */
function dilate(image: Float32Array, side: number): Float32Array {
  const out = new Float32Array(image.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let value = image[y * side + x]!;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(side - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(side - 1, x + 1); nx++) value = Math.max(value, image[ny * side + nx]!);
      }
      out[y * side + x] = value;
    }
  }
  return out;
}

/**
 * Displacement of up to `alpha` pixels from random low-frequency sine waves: x moves with a wave
 * along y and one along x, y likewise, so each is a sum of a per-row and a per-column table.
 */
function elastic(image: Float32Array, side: number, alpha: number, random: () => number, fill: number): Float32Array {
  const strength = (alpha * random()) / 2;
  const wave = () => {
    const period = 3 + 4 * random();
    const phase = 6.3 * random();
    return Float32Array.from({ length: side }, (_, i) => strength * Math.sin(i / period + phase));
  };
  const [xByRow, xByColumn, yByColumn, yByRow] = [wave(), wave(), wave(), wave()];
  const out = new Float32Array(image.length);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= side || y >= side ? fill : image[y * side + x]!);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = x + xByRow[y]! + xByColumn[x]!;
      const v = y + yByColumn[x]! + yByRow[y]!;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      out[y * side + x] = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
  return out;
}

function blur(image: Float32Array, side: number): Float32Array {
  const out = new Float32Array(image.length);
  const weights = [1, 2, 1];
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let sum = 0;
      let total = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const ny = y + dy;
          const nx = x + dx;
          if (ny < 0 || nx < 0 || ny >= side || nx >= side) continue;
          const w = weights[dy + 1]! * weights[dx + 1]!;
          sum += w * image[ny * side + nx]!;
          total += w;
        }
      }
      out[y * side + x] = sum / total;
    }
  }
  return out;
}import { type AugmentationConfig } from '@edgeml/shared';

