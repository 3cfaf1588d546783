export interface AffineParameters {
  /** Counter-clockwise on screen (y down), in degrees. */
  rotationDegrees: number;
  /** > 1 enlarges the content. */
  scale: number;
  /** Content moves right by this many pixels. */
  shiftX: number;
  /** Content moves down by this many pixels. */
  shiftY: number;
}

/**
 * The 8 numbers `tf.image.transform` takes for rotating, scaling (about the image centre) and then
 * shifting an image: they map each output pixel (x, y) back to the input point it samples,
 * input = C + R·(output − C − shift) / scale, where R = [[cos θ, −sin θ], [sin θ, cos θ]] in pixel
 * coordinates (y down) undoes a counter-clockwise turn of the content.
 */
export function affineTransform(params: AffineParameters, width: number, height: number): number[] {
  const theta = (params.rotationDegrees * Math.PI) / 180;
  const cos = Math.cos(theta) / params.scale;
  const sin = Math.sin(theta) / params.scale;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const ox = cx + params.shiftX;
  const oy = cy + params.shiftY;
  const a0 = cos;
  const a1 = -sin;
  const b0 = sin;
  const b1 = cos;
  return [a0, a1, cx - a0 * ox - a1 * oy, b0, b1, cy - b0 * ox - b1 * oy, 0, 0];
}
