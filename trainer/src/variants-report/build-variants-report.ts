import { foldsWeightDequantize } from '@edgeml/shared';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { loadMnist } from '../data/load-mnist.ts';
import { loadLayersModel } from '../io/load-layers-model.ts';
import { exportQuantizedOnnx, QUANTIZATION_MODES } from '../onnx/quantize/export-quantized-onnx.ts';
import { evaluateOnnx, type OnnxEvaluation, type OnnxModelIo } from '../shrink/evaluate-onnx.ts';
import type { VariantsFile } from '../shrink/variant-summary.ts';
import { selectBackend } from '../tf.ts';
import { measureOrtWebLatency, type LatencyResult } from './measure-ort-web-latency.ts';

export interface VariantReportRow {
  /** `teacher`, `student`, `pruned`, `int8-static`, ... */
  id: string;
  kind: string;
  /** Published model name (alternative quantizations are not published). */
  name?: string;
  version?: string;
  /** True for the rows `trainer optimize` made and published; false for the alternative int8 modes measured beside them. */
  published: boolean;
  /** int8 rows: the id of the float row they were quantized from. */
  source?: string;
  parameters: number;
  onnxBytes: number;
  gzipBytes: number;
  sparsity?: number;
  testAccuracy: number;
  testSamples: number;
  latency: LatencyResult;
}

export interface VariantsReport {
  createdAt: string;
  environment: { node: string; cpu: string; cores: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  variantsFile: string;
  rows: VariantReportRow[];
}

const DEFAULT_ROUNDS = new Map([
  [1, 300],
  [64, 40],
]);

export interface BuildVariantsReportOptions {
  /**
   * Also export, to compare the modes, the pruned model in the int8 modes the pipeline did not
   * pick and the teacher in all three: a model 65× larger, where compute dominates (default true).
   */
  alternativeQuantizations?: boolean;
  /** Timed rounds per batch size (default 1 → 300, 64 → 40). */
  rounds?: ReadonlyMap<number, number>;
  log?: (line: string) => void;
}

/** A model to measure: the row's identity, and what the measuring needs. */
interface Candidate extends Pick<VariantReportRow, 'id' | 'kind' | 'name' | 'version' | 'published' | 'source' | 'parameters' | 'sparsity'> {
  bytes: Uint8Array;
  io: OnnxModelIo;
  foldWeightDequantize: boolean;
}

/**
 * One row per variant of a `trainer optimize` run: size, gzip size, accuracy on all 10,000 test
 * images (onnxruntime native) and onnxruntime-web latency, every model measured in this one process.
 */
export async function buildVariantsReport(variantsPath: string, options: BuildVariantsReportOptions = {}): Promise<VariantsReport> {
  const log = options.log ?? (() => {});
  const file = JSON.parse(await readFile(variantsPath, 'utf8')) as VariantsFile;
  const data = await loadMnist({ trainLimit: 1024 });
  const candidates: Candidate[] = [];
  for (const variant of file.variants) {
    const id = variant.kind === 'quantized' ? `int8-${variant.variant.quantization?.mode}` : variant.kind;
    candidates.push({
      id,
      kind: variant.kind,
      name: variant.published?.name ?? variant.name,
      version: variant.published?.version,
      published: true,
      parameters: variant.parameters,
      sparsity: variant.variant.sparsity?.achieved,
      bytes: new Uint8Array(await readFile(variant.onnxFile)),
      io: variant.io,
      foldWeightDequantize: foldsWeightDequantize(variant.variant),
    });
  }
  const pruned = file.variants.find((variant) => variant.kind === 'pruned');
  const teacher = file.variants.find((variant) => variant.kind === 'teacher');
  const chosen = file.variants.find((variant) => variant.kind === 'quantized')?.variant.quantization?.mode;
  const published = candidates.find((candidate) => candidate.kind === 'quantized');
  if (published) published.source = 'pruned';
  if (options.alternativeQuantizations !== false) {
    await selectBackend();
    for (const [source, modes] of [
      [pruned, QUANTIZATION_MODES.filter((m) => m !== chosen)],
      [teacher, QUANTIZATION_MODES],
    ] as const) {
      if (!source) continue;
      const model = await loadLayersModel(source.dir);
      try {
        for (const mode of modes) {
          const exported = await exportQuantizedOnnx(model, { mode, calibrationImages: data.train.images.subarray(0, 512 * 784) });
          const id = source.kind === 'pruned' ? `int8-${mode}` : `${source.kind}-int8-${mode}`;
          candidates.push({ id, kind: 'quantized', published: false, source: source.kind, parameters: source.parameters, sparsity: source.variant.sparsity?.achieved, bytes: exported.bytes, io: source.io, foldWeightDequantize: foldsWeightDequantize({ kind: 'quantized', quantization: exported.quantization }) });
        }
      } finally {
        model.dispose();
      }
    }
  }

  const evaluations: OnnxEvaluation[] = [];
  for (const candidate of candidates) {
    log(`report: evaluating ${candidate.id} on ${data.test.count} test images`);
    evaluations.push(await evaluateOnnx(candidate.bytes, data.test, candidate.io));
  }
  const loadAverageBefore = os.loadavg();
  log(`report: timing ${candidates.length} models in onnxruntime-web`);
  const latencies = await measureOrtWebLatency(candidates, { images: data.test.images, imageShape: data.test.imageShape, rounds: options.rounds ?? DEFAULT_ROUNDS });
  const rows = candidates.map(({ bytes, io: _io, foldWeightDequantize: _fold, ...candidate }, i): VariantReportRow => ({
    ...candidate,
    onnxBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    testAccuracy: evaluations[i]!.accuracy,
    testSamples: evaluations[i]!.samples,
    latency: latencies[i]!,
  }));
  return {
    createdAt: new Date().toISOString(),
    environment: { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, loadAverageBefore, loadAverageAfter: os.loadavg() },
    variantsFile: variantsPath,
    rows,
  };
}
