import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { foldsWeightDequantize, predictResponseSchema, modelManifestSchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSession, runSession } from '@edgeml/edge/runtime/ort';
import { ortWasmModule } from '@edgeml/trainer/deploy/ort-wasm-module';
import type { ImageDataset } from '@edgeml/trainer/data/dataset';
import { loadMnist } from '@edgeml/trainer/data/load-mnist';
import { loadLayersModel } from '@edgeml/trainer/io/load-layers-model';
import { exportOnnx, type ExportedOnnx } from '@edgeml/trainer/onnx/export-onnx';
import { exportQuantizedOnnx, type QuantizedOnnx } from '@edgeml/trainer/onnx/quantize/export-quantized-onnx';
import { readRunRecord } from '@edgeml/trainer/pipeline/run-record';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { evaluateOnnx } from '@edgeml/trainer/shrink/evaluate-onnx';
import { publishVersion } from '@edgeml/trainer/pipeline/publish-version';
import { selectBackend, type LayersModel } from '@edgeml/trainer/tf';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker } from '../support/start-worker.ts';
import { readMnistTestSet } from '../edge/support/mnist-test-set.ts';

const TEST_IMAGES = 2500;
let model: LayersModel;
let data: ImageDataset;
let float: ExportedOnnx;
const quantized = new Map<string, QuantizedOnnx>();
const scratch: string[] = [];

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  // The integration tests' trained small CNN (98% on MNIST), cached in .artifacts/.
  model = await loadLayersModel(inject('publishedModel').runDir);
  data = await loadMnist({ trainLimit: 512, testLimit: TEST_IMAGES });
  float = exportOnnx(model);
  for (const mode of ['weights', 'static'] as const) quantized.set(mode, await exportQuantizedOnnx(model, { mode, calibrationImages: data.train.images }));
});

afterAll(async () => {
  model?.dispose();
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('int8 export of a trained model', () => {
  it.each(['weights', 'static'])('%s: at most 0.3 of the float bytes and within 0.3 points of its accuracy on 2,500 test images', async (mode) => {
    const int8 = quantized.get(mode)!;
    const ratio = int8.bytes.length / float.bytes.length;
    const [floatEval, int8Eval] = [await evaluateOnnx(float.bytes, data.test, float), await evaluateOnnx(int8.bytes, data.test, int8)];
    console.log(`int8 ${mode}: ${int8.bytes.length} of ${float.bytes.length} bytes (${(ratio * 100).toFixed(1)}%), accuracy ${(int8Eval.accuracy * 100).toFixed(2)}% vs ${(floatEval.accuracy * 100).toFixed(2)}%`);
    expect(int8Eval.samples).toBeGreaterThanOrEqual(2000);
    expect(floatEval.accuracy).toBeGreaterThan(0.95);
    expect(ratio).toBeLessThanOrEqual(0.3);
    expect(Math.abs(floatEval.accuracy - int8Eval.accuracy) * 100).toBeLessThanOrEqual(0.3);
  });

  it('runs in onnxruntime-web (the worker runtime, in Node) with the same top-1 answers as native onnxruntime', async () => {
    const wasm = await ortWasmModule();
    const batch = 64;
    const images = data.test.images.subarray(0, batch * 784);
    for (const [mode, int8] of quantized) {
      const session = await createSession(int8.bytes, wasm, undefined, { foldWeightDequantize: foldsWeightDequantize({ kind: 'quantized', quantization: int8.quantization }) });
      const web = await runSession(session, int8.inputName, images, [batch, 28, 28, 1], int8.outputName);
      await session.release();
      const native = await evaluateOnnx(int8.bytes, { ...data.test, images, labels: data.test.labels.subarray(0, batch), count: batch }, int8);
      let webCorrect = 0;
      for (let i = 0; i < batch; i++) if (argmax(web.subarray(i * 10, i * 10 + 10)) === data.test.labels[i]) webCorrect++;
      expect(web).toHaveLength(batch * 10);
      expect(webCorrect / batch, mode).toBeCloseTo(native.accuracy, 5);
    }
  });

  it('is served by the worker in workerd, published as its own model next to the float one', async () => {
    const persistDir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-int8-r2-'));
    scratch.push(persistDir);
    const run = await readRunRecord(inject('publishedModel').runDir);
    const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
    const int8 = quantized.get('static')!;
    try {
      await publishVersion({ store, run, source: { onnx: float }, name: 'mnist-float', variant: { kind: 'pruned' } });
      await publishVersion({ store, run, source: { onnx: int8 }, name: 'mnist-int8', variant: { kind: 'quantized', quantization: int8.quantization } });
      // Weight-only int8: the worker folds its weights to float when it creates the session.
      const weights = quantized.get('weights')!;
      await publishVersion({ store, run, source: { onnx: weights }, name: 'mnist-int8-weights', variant: { kind: 'quantized', quantization: weights.quantization } });
    } finally {
      await store.close();
    }
    const worker = await startWorker({ persistDir });
    try {
      const manifest = modelManifestSchema.parse(await (await worker.fetch('/v1/models/mnist-int8')).json());
      expect(manifest.variant?.quantization?.mode).toBe('static');
      const digits = await readMnistTestSet(16);
      const body = JSON.stringify({ instances: digits.map((d) => ({ pixels: Array.from(d.pixels) })), topK: 1 });
      const predict = async (name: string) => {
        const response = await worker.fetch(`/v1/models/${name}/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(response.status).toBe(200);
        return predictResponseSchema.parse(await response.json());
      };
      const [int8Answer, floatAnswer] = [await predict('mnist-int8'), await predict('mnist-float')];
      expect(int8Answer.model).toBe('mnist-int8');
      const agree = int8Answer.predictions.filter((p, i) => p.index === floatAnswer.predictions[i]!.index).length;
      const correct = int8Answer.predictions.filter((p, i) => p.index === digits[i]!.label).length;
      expect(agree).toBeGreaterThanOrEqual(15);
      expect(correct).toBeGreaterThanOrEqual(14);
      const weightsAnswer = await predict('mnist-int8-weights');
      expect(weightsAnswer.model).toBe('mnist-int8-weights');
      expect(weightsAnswer.predictions.filter((p, i) => p.index === floatAnswer.predictions[i]!.index).length).toBeGreaterThanOrEqual(15);
    } finally {
      await worker.dispose();
    }
  });
});

function argmax(row: Float32Array): number {
  let best = 0;
  for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c;
  return best;
}
