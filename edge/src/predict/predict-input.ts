import type { RequestPixelLimits } from '@edgeml/shared';

/** A predict request's images, still encoded (PNG or JPEG bytes), its JSON pixel rows, or a text model's texts. */
export type PredictInput =
  | {
      kind: 'images';
      images: Uint8Array[];
      /** The worker's decoding limits (wrangler.toml), as readPredictRequest checked the headers against them. */
      limits?: RequestPixelLimits;
    }
  | { kind: 'pixels'; instances: number[][]; scale: 1 | 255 }
  | { kind: 'texts'; texts: string[] };

/** An image model's input: encoded images or JSON pixel rows. */
export type ImageInput = Exclude<PredictInput, { kind: 'texts' }>;

export interface PredictRequest {
  input: PredictInput;
  /** The version pinned by `?version=` or the body. */
  version?: string;
  /** Top classes per image (`?topK=` or the body); text answers carry every label. */
  topK?: number;
}

/** How many images or texts a request asks about: what it is charged and checked against the batch limit for. */
export function inputCount(input: PredictInput): number {
  return input.kind === 'images' ? input.images.length : input.kind === 'pixels' ? input.instances.length : input.texts.length;
}
