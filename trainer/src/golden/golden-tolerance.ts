import type { GoldenTolerance } from '@edgeml/shared';

/** What a graph computes with: float kernels only, or quantized ones (QDQ, integer matmuls and convolutions). */
export type GoldenArithmetic = 'float' | 'integer';

/**
 * The tolerance published with golden vectors: |served − reference| ≤ absolute + relative × |reference|.
 *
 * The reference is onnxruntime-web's WASM with the worker's session options, the same build the
 * worker runs: WASM arithmetic is IEEE single/double precision with no fused or relaxed
 * instructions (checked in serving-golden-vectors.test.ts), so a worker on the same onnxruntime-web
 * version reproduces the reference bit for bit on any CPU. The tolerance is for a worker deployed
 * with another onnxruntime-web version whose kernels sum in another order:
 * - float graphs: reordered float32 sums move a softmax output by at most γ_K·Σ|w·a| of its logits
 *   (K ≤ 1,600 terms in our largest fan-in, γ_K ≈ 1e-4), so 1e-4 + 0.1% of the value;
 * - integer graphs: a requantized activation may round to the neighbouring uint8 step, which moves
 *   a probability by a few thousandths, so 2e-3 + 1%.
 * A wrong kernel, layout or weight moves outputs by 0.1 or more, far outside either.
 */
export function goldenTolerance(arithmetic: GoldenArithmetic): GoldenTolerance {
  return arithmetic === 'float' ? { absolute: 1e-4, relative: 1e-3 } : { absolute: 2e-3, relative: 1e-2 };
}

/**
 * How far the other engines may be from the reference before publishing stops (the cross-checks):
 * - tfjs computes the same float32 graph with other summation orders: the float bound above;
 * - onnxruntime-node on a float graph: the same;
 * - onnxruntime-node on a quantized graph runs integer kernels chosen by the host CPU (AVX2 without
 *   VNNI saturates u8·s8 pairs to int16; AVX-512 VNNI and ARM's dot products do not), while
 *   onnxruntime-web dequantizes weight-only int8 to float: 0.008 was measured between them on an
 *   AVX2 EPYC for a static-QDQ small-cnn, so 0.05 + 5%: half the 0.1 a broken graph moves.
 */
export function crossCheckBound(engine: 'tfjs' | 'onnxruntime-node', arithmetic: GoldenArithmetic): GoldenTolerance {
  return engine === 'onnxruntime-node' && arithmetic === 'integer' ? { absolute: 0.05, relative: 0.05 } : goldenTolerance('float');
}
