import { z } from 'zod';

/** A float32 tensor: its dims and its values as little-endian float32 bytes in base64 (exact, and a third the size of JSON numbers). */
export const goldenTensorSchema = z.object({
  /** Name of the ONNX graph input or output. */
  name: z.string().min(1),
  dims: z.array(z.number().int().positive()).min(1),
  float32Base64: z.string(),
});
export type GoldenTensor = z.infer<typeof goldenTensorSchema>;

/** How far a served output may be from the reference: |actual - expected| ≤ absolute + relative × |expected|. */
export const goldenToleranceSchema = z.object({
  absolute: z.number().nonnegative(),
  relative: z.number().nonnegative(),
});
export type GoldenTolerance = z.infer<typeof goldenToleranceSchema>;

/**
 * A version's golden vectors: the optional `golden` artifact (`golden.json`) of its manifest. A few
 * inputs exactly as the graph takes them (preprocessed pixels, or token ids) and the outputs the
 * reference runtime gave; the edge refuses to serve a version whose session disagrees beyond tolerance.
 */
export const goldenVectorsSchema = z.object({
  schemaVersion: z.literal(1),
  /**
   * Where `output` came from. `onnxruntime-web`: the WASM build the worker runs, executed by the
   * trainer in Node with the worker's session options; its results do not depend on the host CPU,
   * so a version validated on any trainer serves anywhere. `tfjs` and `onnxruntime-node` are the
   * references of versions published before that (onnxruntime-node's integer kernels round
   * differently on AVX2, AVX-512 VNNI and ARM), still checked against their own tolerance.
   */
  reference: z.enum(['onnxruntime-web', 'tfjs', 'onnxruntime-node']),
  input: goldenTensorSchema,
  output: goldenTensorSchema,
  tolerance: goldenToleranceSchema,
});
export type GoldenVectors = z.infer<typeof goldenVectorsSchema>;
