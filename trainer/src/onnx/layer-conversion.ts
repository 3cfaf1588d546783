/** What a layer converter receives and returns. */
import type { tf } from '../tf.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';

export type TfLayer = tf.layers.Layer;

/**
 * How an ONNX value's axes relate to the tfjs tensor it stands for: `tfjs` is the same order,
 * `nchw` is a rank-4 tfjs NHWC tensor stored channels-first, as ONNX Conv and pooling want it.
 */
export type Layout = 'tfjs' | 'nchw';

export interface OnnxValue {
  name: string;
  layout: Layout;
  /** The tfjs shape (NHWC order whatever the layout), `null` for unknown sizes. */
  shape: readonly (number | null)[];
}

export interface LayerConversion {
  graph: OnnxGraphBuilder;
  layer: TfLayer;
  /** `layer.getConfig()`: tfjs's own serialised options. */
  config: Record<string, unknown>;
  input: OnnxValue;
  /** The layer's tfjs output shape. */
  outputShape: readonly (number | null)[];
  /** The ONNX opset being written (a converter may use an op only newer opsets have). */
  opset: number;
}

/** Converted output: its name and layout (the exporter attaches the tfjs shape). */
export type ConvertedValue = Pick<OnnxValue, 'name' | 'layout'>;

export type LayerConverter = (conversion: LayerConversion) => ConvertedValue;
