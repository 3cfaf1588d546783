/** One labelled image as a client sends it: size × size grey bytes (0-255) and its class index. */
export interface LabelledPixels {
  pixels: ArrayLike<number>;
  label: number;
}

