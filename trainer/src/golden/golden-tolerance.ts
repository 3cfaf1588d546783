import type { GoldenTolerance, GoldenVectors } from '@edgeml/shared';

/**
 * The tolerance published with golden vectors: |served - reference| ≤ absolute + relative × |reference|.
 * Measured on the test model (small-cnn, softmax outputs, 8 MNIST digits) against onnxruntime-web's
 * WASM in Node, the build workerd runs: tfjs (wasm backend) vs ORT-web differ by at most 4.5e-8
 * on float exports; onnxruntime-node vs ORT-web by 1.2e-7 (int8 static), 2.4e-7 (dynamic) and
 * 2.9e-4 (weight-only int8, which ORT-web folds to float kernels while ORT-node runs integer ones).
 * The bounds leave a wide margin over those while a wrong kernel or layout moves outputs by 0.1 or more.
 */
export function goldenTolerance(reference: GoldenVectors['reference']): GoldenTolerance {
  return reference === 'tfjs' ? { absolute: 1e-4, relative: 1e-3 } : { absolute: 2e-3, relative: 1e-2 };
}
