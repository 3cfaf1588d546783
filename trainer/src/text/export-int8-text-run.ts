import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TextModelManifest } from '@edgeml/shared';
import { addGoldenArtifact, GOLDEN_FILE } from '../golden/add-golden-artifact.ts';
import { servingGoldenVectors } from '../golden/serving-golden-vectors.ts';
import type { ExportedOnnx } from '../onnx/export-onnx.ts';
import { exportQuantizedOnnx } from '../onnx/quantize/export-quantized-onnx.ts';
import { evaluateOnnx, type OnnxEvaluation } from '../shrink/evaluate-onnx.ts';
import { buildTextManifest } from './build-text-manifest.ts';
import type { TextSplit } from './text-dataset.ts';
import type { TrainedTextModel } from './train-text-model.ts';

export interface Int8TextRun {
  float: OnnxEvaluation & { bytes: number };
  int8: OnnxEvaluation & { bytes: number };
  /** Test-accuracy points int8 loses against float (negative: it gains). */
  lostPoints: number;
  /** The int8 run folder's manifest; absent when int8 lost more than allowed and nothing was written. */
  manifest?: TextModelManifest;
}

/**
 * The int8 variant of a trained text model through the shrink pipeline's weight-only quantizer (every
 * weight int8 per channel, the embedding table per row, read through DequantizeLinear), measured against
 * the float export on the whole test split with onnxruntime-node. Within `maxLostPoints` it is written as
 * a text run folder (model.onnx, vocabulary.json, golden.json from onnxruntime-node, manifest.json naming
 * the float version as its parent), which `publishTextRun` publishes like any text run.
 */
export async function exportInt8TextRun(params: {
  trained: TrainedTextModel;
  float: ExportedOnnx;
  floatManifest: TextModelManifest;
  test: TextSplit;
  goldenTexts: string[];
  vocabularyBytes: Uint8Array;
  opset: number;
  out: string;
  /** Default 0.3. */
  maxLostPoints?: number;
}): Promise<Int8TextRun> {
  const { trained, float, floatManifest, test } = params;
  const tokenizer = trained.tokenizer;
  const int8 = await exportQuantizedOnnx(trained.model, { mode: 'weights', opset: params.opset });
  const io = { inputName: float.inputName, outputName: float.outputName, outputKind: float.outputKind };
  const split = { images: tokenizer.encodeBatch(test.texts), labels: Uint8Array.from(test.labelIds), count: test.texts.length, imageShape: [tokenizer.maxLength] };
  const floatEval = await evaluateOnnx(float.bytes, split, io);
  const int8Eval = await evaluateOnnx(int8.bytes, split, io);
  const result: Int8TextRun = {
    float: { ...floatEval, bytes: float.bytes.length },
    int8: { ...int8Eval, bytes: int8.bytes.length },
    lostPoints: (floatEval.accuracy - int8Eval.accuracy) * 100,
  };
  if (result.lostPoints > (params.maxLostPoints ?? 0.3)) return result;
  const metrics = { ...trained.metrics, testAccuracy: int8Eval.accuracy, testLoss: int8Eval.loss, testSamples: int8Eval.samples, floatTestAccuracy: floatEval.accuracy };
  const built = await buildTextManifest({ name: floatManifest.name, trained: { ...trained, metrics }, onnx: int8, vocabularyBytes: params.vocabularyBytes, training: floatManifest.training });
  const variant = { kind: 'quantized' as const, quantization: int8.quantization };
  // int8 arithmetic is not tfjs's: onnxruntime-node cross-checks the reference instead.
  const ids = tokenizer.encodeBatch(params.goldenTexts);
  const golden = await servingGoldenVectors({ onnx: { ...io, bytes: int8.bytes }, variant }, ids, [params.goldenTexts.length, tokenizer.maxLength]);
  const lineage = { parent: { name: floatManifest.name, version: floatManifest.version } };
  const { manifest, bytes: goldenBytes } = await addGoldenArtifact<TextModelManifest>({ ...built, variant, lineage }, golden);
  await mkdir(params.out, { recursive: true });
  await writeFile(path.join(params.out, 'model.onnx'), int8.bytes);
  await writeFile(path.join(params.out, 'vocabulary.json'), params.vocabularyBytes);
  await writeFile(path.join(params.out, GOLDEN_FILE), goldenBytes);
  await writeFile(path.join(params.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { ...result, manifest };
}
