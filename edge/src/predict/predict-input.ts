import type { RequestPixelLimits } from '@edgeml/shared';

/** A predict request's images, still encoded (PNG or JPEG bytes), or its JSON pixel rows. */
export type PredictInput =
  | {
      kind: 'images';
      images: Uint8Array[];
      /** The worker's decoding limits (wrangler.toml), as parsePredictRequest checked the headers against them. */
      limits?: RequestPixelLimits;
    }
  | { kind: 'pixels'; instances: number[][]; scale: 1 | 255 };

export interface PredictRequest {
  input: PredictInput;
  /** Version pinned in a JSON body; the route also accepts `?version=`. */
  version?: string;
  topK?: number;
}
