import { foldsWeightDequantize } from '@edgeml/shared';
import type { ImageSplit } from '../data/dataset.ts';
import { exportQuantizedOnnx, type QuantizationMode, type QuantizedOnnx } from '../onnx/quantize/export-quantized-onnx.ts';
import type { LayersModel } from '../tf.ts';
import { measureOrtWebLatency } from '../variants-report/measure-ort-web-latency.ts';
import { evaluateOnnx, type OnnxEvaluation, type OnnxModelIo } from './evaluate-onnx.ts';

/** Most test-accuracy points an int8 model may lose and still be published in place of the float one (`npm start`, training jobs). */
export const INT8_MAX_LOST_POINTS = 0.3;

/** The larger batch `auto` times the modes at (the other is 1). */
const TIMED_BATCH = 64;

/** `auto` exports each candidate mode and keeps the one onnxruntime-web runs fastest. */
export type Int8ModeChoice = QuantizationMode | 'auto';

/**
 * Candidates for `auto`. `dynamic` is left out: quantizing activations on every call made it 4.7–6.4×
 * slower than float in onnxruntime-web for both the 18k and the 1.2M-parameter models of the variants
 * report, while `weights` (folded to float at session creation) and `static` (integer Conv/MatMul)
 * each win on some models.
 */
export const AUTO_INT8_MODES: readonly QuantizationMode[] = ['weights', 'static'];

export interface Int8Candidate {
  mode: QuantizationMode;
  bytes: number;
  accuracy: number;
  /** Median onnxruntime-web time relative to the float model, at batch 1 and batch 64. */
  batch1Ratio: number;
  batch64Ratio: number;
  /** Lost more test-accuracy points than allowed. */
  rejected: boolean;
}

export interface Int8Choice {
  exported: QuantizedOnnx;
  evaluation: OnnxEvaluation;
  /** Every mode tried, with its figures (one, without timing, when the mode was given). */
  candidates: Int8Candidate[];
}

export interface ChooseInt8ExportParams {
  model: LayersModel;
  mode: Int8ModeChoice;
  /** The float export the int8 one replaces, and its evaluation on `test`. */
  float: { bytes: Uint8Array; evaluation: OnnxEvaluation };
  io: OnnxModelIo;
  /** NHWC training images, normalised, for `static` calibration. */
  calibrationImages: Float32Array;
  test: ImageSplit;
  maxLostPoints: number;
  /** Timed calls per model at batch 1 and at batch 64 (round-robin with the float model). */
  rounds?: { batch1: number; batch64: number };
  log?: (line: string) => void;
}

/**
 * The int8 export to publish. With a fixed mode, that mode. With `auto`, each candidate mode is
 * exported, evaluated, and timed in onnxruntime-web against the float model in one round-robin run;
 * among those within `maxLostPoints`, the lowest mean of the batch-1 and batch-64 time ratios wins
 * (undefined when none keeps the accuracy: the caller publishes float).
 */
export async function chooseInt8Export(params: ChooseInt8ExportParams): Promise<Int8Choice | undefined> {
  const { log = () => {} } = params;
  const modes = params.mode === 'auto' ? AUTO_INT8_MODES : [params.mode];
  const exports: { exported: QuantizedOnnx; evaluation: OnnxEvaluation }[] = [];
  for (const mode of modes) {
    const exported = await exportQuantizedOnnx(params.model, { mode, calibrationImages: params.calibrationImages });
    exports.push({ exported, evaluation: await evaluateOnnx(exported.bytes, params.test, params.io) });
  }
  const lost = (evaluation: OnnxEvaluation) => (params.float.evaluation.accuracy - evaluation.accuracy) * 100;
  let ratios = exports.map(() => ({ batch1: Number.NaN, batch64: Number.NaN }));
  if (params.mode === 'auto') {
    const rounds = params.rounds ?? { batch1: 300, batch64: 30 };
    const timed = [
      { id: 'float', bytes: params.float.bytes, io: params.io },
      ...exports.map(({ exported }) => ({ id: exported.quantization.mode, bytes: exported.bytes, io: params.io, foldWeightDequantize: foldsWeightDequantize({ kind: 'quantized', quantization: exported.quantization }) })),
    ];
    const latencies = await measureOrtWebLatency(timed, {
      images: repeatToLength(params.test.images, TIMED_BATCH * params.test.imageShape.reduce((product, size) => product * size, 1)),
      imageShape: params.test.imageShape,
      rounds: new Map([
        [1, rounds.batch1],
        [TIMED_BATCH, rounds.batch64],
      ]),
    });
    const median = (i: number, batch: number) => latencies[i]!.batches.find((stats) => stats.batch === batch)!.medianMs;
    ratios = exports.map((_, i) => ({ batch1: median(i + 1, 1) / median(0, 1), batch64: median(i + 1, TIMED_BATCH) / median(0, TIMED_BATCH) }));
  }
  const candidates: Int8Candidate[] = exports.map(({ exported, evaluation }, i) => ({
    mode: exported.quantization.mode,
    bytes: exported.bytes.length,
    accuracy: evaluation.accuracy,
    batch1Ratio: ratios[i]!.batch1,
    batch64Ratio: ratios[i]!.batch64,
    rejected: lost(evaluation) > params.maxLostPoints,
  }));
  for (const candidate of candidates) {
    const timing = Number.isNaN(candidate.batch1Ratio) ? '' : `, time vs float ${candidate.batch1Ratio.toFixed(2)}× at batch 1 and ${candidate.batch64Ratio.toFixed(2)}× at batch 64`;
    log(
      `int8 ${candidate.mode}: ${candidate.bytes} bytes (${((100 * candidate.bytes) / params.float.bytes.length).toFixed(1)}% of float), ` +
        `test accuracy ${(100 * candidate.accuracy).toFixed(2)}% vs float ${(100 * params.float.evaluation.accuracy).toFixed(2)}%${timing}` +
        (candidate.rejected ? ` — loses more than ${params.maxLostPoints} points` : ''),
    );
  }
  const score = (candidate: Int8Candidate) => (Number.isNaN(candidate.batch1Ratio) ? 0 : (candidate.batch1Ratio + candidate.batch64Ratio) / 2);
  let best: number | undefined;
  candidates.forEach((candidate, i) => {
    if (!candidate.rejected && (best === undefined || score(candidate) < score(candidates[best]!))) best = i;
  });
  if (best === undefined) return undefined;
  if (params.mode === 'auto') log(`int8: chose ${candidates[best]!.mode} (fastest in onnxruntime-web of the modes within ${params.maxLostPoints} points)`);
  return { ...exports[best]!, candidates };
}

/** Timing needs TIMED_BATCH images: a smaller test split (a training job's) is repeated to make them. */
function repeatToLength(values: Float32Array, length: number): Float32Array {
  if (values.length >= length || values.length === 0) return values;
  const repeated = new Float32Array(length);
  for (let offset = 0; offset < length; offset += values.length) repeated.set(values.subarray(0, Math.min(values.length, length - offset)), offset);
  return repeated;
}
