/**
 * Symmetric int8 quantization of a weight tensor with one scale per slice along `axis` (the
 * output channel): scale = max|w| / 127, q = round(w / scale) in [-127, 127], zero point 0.
 * Zeros stay exactly zero, so pruned weights keep compressing after quantization.
 */
export interface PerChannelInt8 {
  values: Int8Array;
  /** One scale per slice along `axis`. */
  scales: Float32Array;
  axis: number;
}

export function quantizePerChannel(values: Float32Array, dims: readonly number[], axis: number): PerChannelInt8 {
  if (axis < 0 || axis >= dims.length) throw new RangeError(`axis ${axis} is out of range for dims [${dims.join(', ')}]`);
  const channels = dims[axis]!;
  // Elements between two neighbours along `axis`: the product of the later dims.
  const inner = dims.slice(axis + 1).reduce((product, dim) => product * dim, 1);
  const channelOf = (i: number): number => Math.floor(i / inner) % channels;
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < values.length; i++) maxAbs[channelOf(i)] = Math.max(maxAbs[channelOf(i)]!, Math.abs(values[i]!));
  // An all-zero channel keeps scale 1 rather than 0, which DequantizeLinear would accept but is meaningless.
  const scales = maxAbs.map((max) => (max > 0 ? max / 127 : 1));
  const quantized = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    quantized[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scales[channelOf(i)]!)));
  }
  return { values: quantized, scales, axis };
}
