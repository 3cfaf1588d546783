/** A predict request's images, still encoded (PNG or JPEG bytes), or its JSON pixel rows. */
export type PredictInput =
  | { kind: 'images'; images: Uint8Array[] }
  | { kind: 'pixels'; instances: number[][]; scale: 1 | 255 };

export interface PredictRequest {
  input: PredictInput;
  /** Version pinned in a JSON body; the route also accepts `?version=`. */
  version?: string;
  topK?: number;
}
