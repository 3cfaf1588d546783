/**
 * Reads a layer's weights as float32 arrays, in `layer.getWeights()` order, which is the order the
 * layer builds them in (kernel then bias; gamma, beta, moving mean, moving variance).
 */
import type { TfLayer } from './layer-conversion.ts';
import { unsupportedLayerError } from './unsupported-layer-error.ts';

export interface LayerWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

export function layerWeights(layer: TfLayer, expectedCount: number): LayerWeight[] {
  // getWeights() returns the variables' own tensors: read them, never dispose them.
  const tensors = layer.getWeights();
  if (tensors.length !== expectedCount) throw unsupportedLayerError(layer, `has ${tensors.length} weights where the ONNX exporter expects ${expectedCount}`);
  return tensors.map((tensor, i) => {
    if (tensor.dtype !== 'float32') throw unsupportedLayerError(layer, `has a ${tensor.dtype} weight; the ONNX exporter writes float32 only`);
    return { name: layer.weights[i]?.name ?? `${layer.name}/w${i}`, shape: tensor.shape, values: tensor.dataSync() as Float32Array };
  });
}

/** A tfjs conv kernel [kh, kw, in, out] as an ONNX Conv weight [out, in, kh, kw]. */
export function convKernelToOihw(kernel: LayerWeight): { dims: number[]; values: Float32Array } {
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  const out = new Float32Array(kernel.values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + y) * kw + x] = kernel.values[((y * kw + x) * cin + i) * cout + o]!;
  return { dims: [cout, cin, kh, kw], values: out };
}
