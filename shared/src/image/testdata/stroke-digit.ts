/** Where and how a digit's centre line is drawn on a frame. */
export interface StrokePlacement {
  width: number;
  height: number;
  /** Centre of the digit's 28 × 28 square on the frame, and that square's side, in pixels. */
  centreX: number;
  centreY: number;
  side: number;
  /** Counter-clockwise on screen. */
  rotationDegrees: number;
  /** Pen radius in pixels. */
  radius: number;
  /** Elastic distortion: smooth displacement of up to this many of the digit's 28 units, and its phase seed. */
  elastic: number;
  phases: number[];
}

/**
 * Ink coverage (0-1) of a round pen of `radius` drawn along the centre line `points` (28 × 28 digit
 * coordinates), elastically distorted (a sum of two smooth sine fields), rotated and scaled onto the
 * frame: a person's re-drawing of the digit, not MNIST's pixels. Edges anti-aliased over one pixel.
 */
export function strokeDigit(points: Array<[number, number]>, placement: StrokePlacement): Float32Array {
  const { width, height, centreX, centreY, side, radius, elastic, phases } = placement;
  const coverage = new Float32Array(width * height);
  const theta = (-placement.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const unit = side / 28;
  for (const [px, py] of points) {
    const dx = elastic * (Math.sin(px / 6 + phases[0]) + Math.sin(py / 5 + phases[1])) / 2;
    const dy = elastic * (Math.sin(px / 5 + phases[2]) + Math.sin(py / 7 + phases[3])) / 2;
    const u = (px + dx - 14) * unit;
    const v = (py + dy - 14) * unit;
    const cx = centreX + u * cos - v * sin;
    const cy = centreY + u * sin + v * cos;
    const reach = radius + 1;
    for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(height - 1, Math.ceil(cy + reach)); y++) {
      for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(width - 1, Math.ceil(cx + reach)); x++) {
        const level = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
        const i = y * width + x;
        if (level > coverage[i]) coverage[i] = level;
      }
    }
  }
  return coverage;
}
