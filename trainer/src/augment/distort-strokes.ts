import type { AugmentationConfig } from './augmentation-config.ts';

/**
 * Stroke-level augmentation of a batch of single-channel images (`count` × side × side values,
 * background `fill`), in place, so the model sees digits as clients draw them: each image, drawn
 * independently, has its strokes thickened (3 × 3 max) or thinned (3 × 3 min), is elastically
 * distorted (a smooth random displacement field, bilinear), blurred (3 × 3 binomial) and given
 * Gaussian noise, each with the config's strength (0 turns it off).
 */
export function distortStrokes(images: Float32Array, count: number, side: number, config: AugmentationConfig, random: () => number, fill: number): void {
  const size = side * side;
  for (let n = 0; n < count; n++) {
    let image = images.subarray(n * size, (n + 1) * size);
    const draw = random();
    if (draw < config.thickness / 2) image = morph(image, side, Math.max);
    else if (draw < config.thickness) image = morph(image, side, Math.min);
    if (config.elastic > 0) image = elastic(image, side, config.elastic, random, fill);
    if (random() < config.blur) image = blur(image, side);
    if (config.noise > 0) {
      const sigma = config.noise * random();
      for (let i = 0; i < size; i++) image[i] += sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    }
    images.set(image, n * size);
  }
}

function morph(image: Float32Array, side: number, pick: (...values: number[]) => number): Float32Array {
  const out = new Float32Array(image.length);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let value = image[y * side + x]!;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const ny = y + dy;
          const nx = x + dx;
          if (ny >= 0 && nx >= 0 && ny < side && nx < side) value = pick(value, image[ny * side + nx]!);
        }
      }
      out[y * side + x] = value;
    }
  }
  return out;
}

/** Displacement of up to `alpha` pixels from two random low-frequency sine waves per axis. */
function elastic(image: Float32Array, side: number, alpha: number, random: () => number, fill: number): Float32Array {
  const waves = Array.from({ length: 8 }, () => random());
  const strength = alpha * random();
  const out = new Float32Array(image.length);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= side || y >= side ? fill : image[y * side + x]!);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const u = x + (strength * (Math.sin(y / (3 + 4 * waves[0]!) + 6.3 * waves[1]!) + Math.sin(x / (3 + 4 * waves[2]!) + 6.3 * waves[3]!))) / 2;
      const v = y + (strength * (Math.sin(x / (3 + 4 * waves[4]!) + 6.3 * waves[5]!) + Math.sin(y / (3 + 4 * waves[6]!) + 6.3 * waves[7]!))) / 2;
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
}
