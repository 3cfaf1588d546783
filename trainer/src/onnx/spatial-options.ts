/** Reads the 2-D options shared by Conv2D and the pooling layers, and turns TF padding into ONNX pads. */
import type { OnnxAttributeValue } from './onnx-proto.ts';
import type { OnnxValue, TfLayer } from './layer-conversion.ts';
import { unsupportedLayerError } from './unsupported-layer-error.ts';

/** A `number | [number, number]` option as a pair. */
export function pairOption(layer: TfLayer, config: Record<string, unknown>, key: string, fallback?: [number, number]): [number, number] {
  const value = config[key] ?? fallback;
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [value[0], value[1]];
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'number') return [value[0], value[0]];
  throw unsupportedLayerError(layer, `has ${key} ${JSON.stringify(value)}; the ONNX exporter expects one or two integers`);
}

export function requireChannelsLast(layer: TfLayer, config: Record<string, unknown>): void {
  const format = config.dataFormat ?? 'channelsLast';
  if (format !== 'channelsLast') {
    throw unsupportedLayerError(layer, `has dataFormat "${String(format)}"; the ONNX exporter supports channelsLast only`);
  }
}

export function requireRank4(layer: TfLayer, input: OnnxValue): void {
  if (input.shape.length !== 4) throw unsupportedLayerError(layer, `gets a rank-${input.shape.length} input; the ONNX exporter expects [batch, height, width, channels]`);
}

/**
 * ONNX pads for TF padding. `same` pads so that out = ceil(in / stride), putting the odd pixel at
 * the end (bottom/right) as TF does; with unknown spatial sizes that is ONNX's `SAME_UPPER`.
 */
export function paddingAttributes(
  layer: TfLayer,
  padding: unknown,
  input: OnnxValue,
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number] = [1, 1],
): Record<string, OnnxAttributeValue> {
  if (padding === 'valid') return { pads: { ints: [0, 0, 0, 0] } };
  if (padding !== 'same') throw unsupportedLayerError(layer, `has padding "${String(padding)}"; the ONNX exporter supports valid and same`);
  const [height, width] = [input.shape[1], input.shape[2]];
  if (typeof height !== 'number' || typeof width !== 'number') return { auto_pad: { string: 'SAME_UPPER' } };
  const [top, bottom] = samePads(height, kernel[0], strides[0], dilations[0]);
  const [left, right] = samePads(width, kernel[1], strides[1], dilations[1]);
  return { pads: { ints: [top, left, bottom, right] } };
}

/** [before, after] padding of one axis under TF's `same`. */
export function samePads(size: number, kernel: number, stride: number, dilation = 1): [number, number] {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  const outSize = Math.ceil(size / stride);
  const total = Math.max((outSize - 1) * stride + effectiveKernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}
