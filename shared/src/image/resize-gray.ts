import type { GrayImage } from './to-gray.ts';

/** For one output index along an axis: the source indices it reads and their weights. */
interface Tap {
  indices: number[];
  weights: number[];
}

/**
 * Resizes with proper anti-aliasing, one axis at a time: area averaging along an axis that
 * shrinks (each output pixel is the mean of the source area it covers, so thin strokes fade
 * rather than vanish) and bilinear interpolation along an axis that grows.
 */
export function resizeGray(image: GrayImage, width: number, height: number): GrayImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`cannot resize to ${width}×${height}`);
  }
  const columnTaps = axisTaps(image.width, width);
  const rowTaps = axisTaps(image.height, height);

  // Horizontal pass: image.height rows of the new width.
  const horizontal = new Float32Array(width * image.height);
  for (let y = 0; y < image.height; y++) {
    const row = y * image.width;
    for (let x = 0; x < width; x++) {
      const { indices, weights } = columnTaps[x];
      let sum = 0;
      for (let k = 0; k < indices.length; k++) sum += image.data[row + indices[k]] * weights[k];
      horizontal[y * width + x] = sum;
    }
  }
  // Vertical pass.
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const { indices, weights } = rowTaps[y];
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let k = 0; k < indices.length; k++) sum += horizontal[indices[k] * width + x] * weights[k];
      data[y * width + x] = sum;
    }
  }
  return { width, height, data };
}

function axisTaps(sourceLength: number, targetLength: number): Tap[] {
  return Array.from({ length: targetLength }, (_, target) =>
    targetLength < sourceLength
      ? areaTap(target, sourceLength / targetLength, sourceLength)
      : bilinearTap(target, sourceLength, targetLength),
  );
}

/** Output pixel `target` covers source [target·ratio, (target+1)·ratio). */
function areaTap(target: number, ratio: number, sourceLength: number): Tap {
  const start = target * ratio;
  // Floating-point error must not reach past the last source pixel.
  const end = Math.min(start + ratio, sourceLength);
  const tap: Tap = { indices: [], weights: [] };
  for (let source = Math.floor(start); source < end; source++) {
    const overlap = Math.min(source + 1, end) - Math.max(source, start);
    if (overlap <= 1e-9) continue;
    tap.indices.push(source);
    tap.weights.push(overlap / ratio);
  }
  return tap;
}

/** Pixel centres align: output centre target+0.5 maps to source (target+0.5)·ratio. */
function bilinearTap(target: number, sourceLength: number, targetLength: number): Tap {
  const position = Math.min(
    sourceLength - 1,
    Math.max(0, ((target + 0.5) * sourceLength) / targetLength - 0.5),
  );
  const left = Math.floor(position);
  const right = Math.min(left + 1, sourceLength - 1);
  const fraction = position - left;
  if (fraction === 0 || right === left) return { indices: [left], weights: [1] };
  return { indices: [left, right], weights: [1 - fraction, fraction] };
}
