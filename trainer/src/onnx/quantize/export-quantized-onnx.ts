import type { Quantization } from '@edgeml/shared';
import { TrainerError } from '../../errors.ts';
import type { LayersModel } from '../../tf.ts';
import { exportOnnx, type ExportedOnnx, type ExportOnnxOptions } from '../export-onnx.ts';
import type { OnnxModel } from '../onnx-proto.ts';
import { calibrateActivations } from './calibrate-activations.ts';
import { quantizeDynamic } from './quantize-dynamic.ts';
import { quantizeStatic } from './quantize-static.ts';
import { quantizeWeightsOnly } from './quantize-weights-only.ts';

export const QUANTIZATION_MODES = ['weights', 'dynamic', 'static'] as const;
export type QuantizationMode = (typeof QUANTIZATION_MODES)[number];

export function parseQuantizationMode(value: string): QuantizationMode {
  if ((QUANTIZATION_MODES as readonly string[]).includes(value)) return value as QuantizationMode;
  throw new TrainerError('invalid_argument', `unknown quantization mode "${value}": use ${QUANTIZATION_MODES.join(', ')}`);
}

export interface ExportQuantizedOnnxOptions extends Omit<ExportOnnxOptions, 'rewrite'> {
  mode: QuantizationMode;
  /** `static`: calibration images, NHWC and normalised as in training (a sample of the training split). */
  calibrationImages?: Float32Array;
}

export interface QuantizedOnnx extends ExportedOnnx {
  quantization: Quantization;
}

/**
 * Exports a model to ONNX with int8 weights (per-output-channel symmetric) and, for `dynamic` and
 * `static`, integer kernels. `static` first exports the float graph to calibrate activation ranges.
 */
export async function exportQuantizedOnnx(model: LayersModel, options: ExportQuantizedOnnxOptions): Promise<QuantizedOnnx> {
  const { mode, calibrationImages, ...exportOptions } = options;
  if (mode === 'weights') {
    const exported = exportOnnx(model, { ...exportOptions, rewrite: quantizeWeightsOnly });
    return { ...exported, quantization: { mode, weights: 'int8-per-channel-symmetric', activations: 'float' } };
  }
  if (mode === 'dynamic') {
    const exported = exportOnnx(model, { ...exportOptions, rewrite: quantizeDynamic });
    return { ...exported, quantization: { mode, weights: 'int8-per-channel-symmetric', activations: 'uint8-dynamic' } };
  }
  if (!calibrationImages?.length) throw new TrainerError('invalid_argument', 'static quantization needs calibration images');
  let floatModel: OnnxModel | undefined;
  const float = exportOnnx(model, { ...exportOptions, rewrite: (built) => (floatModel = built) });
  const inputShape = float.inputShape.slice(1);
  if (inputShape.some((size) => size < 0)) throw new TrainerError('invalid_argument', 'static quantization needs a model input of fixed size');
  const ranges = await calibrateActivations(floatModel!, calibrationImages, inputShape);
  const exported = exportOnnx(model, { ...exportOptions, rewrite: (built) => quantizeStatic(built, ranges) });
  const calibrationSamples = Math.floor(calibrationImages.length / inputShape.reduce((product, size) => product * size, 1));
  return { ...exported, quantization: { mode, weights: 'int8-per-channel-symmetric', activations: 'uint8-static', calibrationSamples } };
}
