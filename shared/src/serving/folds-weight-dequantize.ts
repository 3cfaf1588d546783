import type { ModelVariant } from '../schemas/manifest.ts';

/**
 * Whether a version is served with its int8 weights dequantized once at session creation (the
 * float kernels then run: as fast as the float source, with 4× fewer bytes in R2). True for
 * weight-only int8; QDQ models with integer kernels (`dynamic`, `static`) must keep their QDQ
 * nodes. The edge creates sessions with it and the trainer computes golden vectors with it, so
 * both run the same graph.
 */
export function foldsWeightDequantize(variant: ModelVariant | undefined): boolean {
  return variant?.quantization?.mode === 'weights';
}
