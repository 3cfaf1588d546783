import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softmax } from '@edgeml/edge/predict/softmax';
import { runMain } from '@edgeml/trainer/cli/testing/run-main';
import { anyModelManifestSchema, normalizePixels, predictResponseSchema } from '@edgeml/shared';
import { readMnistTestSet, type MnistTestDigit } from '../edge/support/mnist-test-set.ts';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { CENTROID_PREPROCESSING, centroidOnnx } from './centroid-onnx.ts';

const NAME = 'digits-foreign';
const TORCH_NAME = 'digits-torch';
const TEST_IMAGES = 200;
/** PyTorch may not be installed; its test runs only where it is. */
const HAS_TORCH = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const PER_REQUEST = 50;

let dir: string;
let onnx: Uint8Array;
let worker: RunningWorker;
let version: string;
let torchOnnx: Uint8Array | undefined;
let digits: MnistTestDigit[];

/** What its author writes: the human fields only (no sizes, sha256 or version). */
const manifest = {
  name: NAME,
  task: 'image-classification',
  labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  input: { kind: 'image', name: 'image', shape: [-1, 28, 28, 1], layout: 'nchw', preprocessing: CENTROID_PREPROCESSING },
  output: { name: 'class_logits', kind: 'logits' },
  metrics: { note: 1 },
  training: { architecture: 'nearest-centroid', dataset: 'mnist-train-10k', epochs: 1, batchSize: 10000, optimizer: 'closed-form', learningRate: 1, backend: 'numpy' },
};

async function trainer(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO_ROOT, 'trainer', 'bin', 'trainer.mjs'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      timeout: 240_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-foreign-'));
  onnx = await centroidOnnx();
  await writeFile(path.join(dir, 'model.onnx'), onnx);
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const published = await trainer('publish', '--onnx', path.join(dir, 'model.onnx'), '--manifest', path.join(dir, 'manifest.json'), '--persist-to', path.join(dir, 'state'));
  expect(published.code, published.stderr).toBe(0);
  version = /published digits-foreign@(\S+) /.exec(published.stdout)![1]!;
  if (HAS_TORCH) {
    const file = path.join(dir, 'torch.onnx');
    const exported = spawnSync('/usr/bin/python3', [path.join(import.meta.dirname, 'export-torch-cnn.py'), file], { encoding: 'utf8' });
    expect(exported.status, exported.stderr).toBe(0);
    torchOnnx = new Uint8Array(await readFile(file));
    const torchManifest = { ...manifest, name: TORCH_NAME, input: { ...manifest.input, name: 'input.1' }, output: { name: 'scores', kind: 'logits' }, training: { ...manifest.training, architecture: 'torch-cnn', backend: 'pytorch' } };
    await writeFile(path.join(dir, 'torch.json'), JSON.stringify(torchManifest));
    const torchPublished = await trainer('publish', '--onnx', file, '--manifest', path.join(dir, 'torch.json'), '--persist-to', path.join(dir, 'state'));
    expect(torchPublished.code, torchPublished.stderr).toBe(0);
  }
  worker = await startWorker({ persistDir: path.join(dir, 'state') });
  digits = await readMnistTestSet(TEST_IMAGES);
}, 600_000);

afterAll(async () => {
  await worker?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an ONNX model made elsewhere, published with `trainer publish --onnx` (workerd)', () => {
  it('is served by the worker as onnxruntime-node runs it, with the manifest its author wrote filled in', async () => {
    const described = anyModelManifestSchema.parse(await (await worker.fetch(`/v1/models/${NAME}`)).json());
    expect(described).toMatchObject({ ...manifest, version, artifacts: { model: { bytes: onnx.length } } });
    expect(Object.keys(described.artifacts).sort()).toEqual(['golden', 'model']);

    const session = await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
    let correct = 0;
    let maxAbsDiff = 0;
    try {
      for (let start = 0; start < TEST_IMAGES; start += PER_REQUEST) {
        const batch = digits.slice(start, start + PER_REQUEST);
        const response = await worker.fetch(`/v1/models/${NAME}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ instances: batch.map((digit) => ({ pixels: Array.from(digit.pixels) })) }),
        });
        const text = await response.text();
        expect(response.status, text).toBe(200);
        const answer = predictResponseSchema.parse(JSON.parse(text));
        expect(answer).toMatchObject({ model: NAME, version });
        const input = new Float32Array(batch.length * 784);
        batch.forEach((digit, i) => input.set(normalizePixels(digit.pixels, 255, CENTROID_PREPROCESSING), i * 784));
        const logits = (await session.run({ image: new ort.Tensor('float32', input, [batch.length, 1, 28, 28]) })).class_logits!.data as Float32Array;
        const expected = softmax(logits, 10);
        answer.predictions.forEach((prediction, i) => {
          if (prediction.index === batch[i]!.label) correct++;
          prediction.probabilities.forEach((p, k) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(p - expected[i * 10 + k]!))));
        });
      }
    } finally {
      await session.release();
    }
    const accuracy = correct / TEST_IMAGES;
    console.log(`foreign nearest-centroid model in workerd: accuracy ${(100 * accuracy).toFixed(1)}% on ${TEST_IMAGES} MNIST test digits, max |Δp| vs onnxruntime-node ${maxAbsDiff.toExponential(2)}`);
    // Nearest centroid scores about 80% on MNIST; far lower would mean the worker fed the graph wrongly.
    expect(accuracy).toBeGreaterThan(0.7);
    expect(maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });

  it.skipIf(!HAS_TORCH)('serves a PyTorch export (Conv, BatchNorm, MaxPool, Gemm) as onnxruntime-node runs it', async () => {
    const batch = digits.slice(0, 16);
    const response = await worker.fetch(`/v1/models/${TORCH_NAME}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: batch.map((digit) => ({ pixels: Array.from(digit.pixels) })) }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const answer = predictResponseSchema.parse(JSON.parse(text));
    expect(answer.model).toBe(TORCH_NAME);
    const input = new Float32Array(batch.length * 784);
    batch.forEach((digit, i) => input.set(normalizePixels(digit.pixels, 255, CENTROID_PREPROCESSING), i * 784));
    const session = await ort.InferenceSession.create(torchOnnx!, { intraOpNumThreads: 1 });
    try {
      const expected = softmax((await session.run({ 'input.1': new ort.Tensor('float32', input, [batch.length, 1, 28, 28]) })).scores!.data as Float32Array, 10);
      let maxAbsDiff = 0;
      answer.predictions.forEach((prediction, i) => prediction.probabilities.forEach((p, k) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(p - expected[i * 10 + k]!)))));
      console.log(`PyTorch CNN export in workerd: max |Δp| vs onnxruntime-node ${maxAbsDiff.toExponential(2)} over ${batch.length} digits`);
      expect(maxAbsDiff).toBeLessThanOrEqual(1e-5);
    } finally {
      await session.release();
    }
  });

  it('refuses, with exit 1 and the problem named, and publishes nothing', async () => {
    const state = path.join(dir, 'refused-state');
    const cases: [string, object, Uint8Array, RegExp][] = [
      ['missing labels', { ...manifest, labels: undefined }, onnx, /the manifest is invalid: labels: /],
      ['wrong layout', { ...manifest, input: { ...manifest.input, layout: 'nhwc' } }, onnx, /input "image" is \[batch_size, 1, 28, 28\], but the manifest describes \[N, 28, 28, 1\]/],
      ['wrong output name', { ...manifest, output: { name: 'logits', kind: 'logits' } }, onnx, /the graph has no output "logits" \(its outputs: "class_logits"\)/],
      ['not ONNX', manifest, new TextEncoder().encode('not onnx at all'), /the file does not parse as ONNX/],
    ];
    for (const [label, written, bytes, message] of cases) {
      await writeFile(path.join(dir, 'bad.json'), JSON.stringify(written));
      await writeFile(path.join(dir, 'bad.onnx'), bytes);
      // In this process: the bin's exit rule is main.test.ts's; beforeAll publishes through the bin.
      const result = await runMain('publish', '--onnx', path.join(dir, 'bad.onnx'), '--manifest', path.join(dir, 'bad.json'), '--persist-to', state);
      expect(result.code, label).toBe(1);
      expect(result.stderr, label).toMatch(message);
    }
    // The worker reading that state finds no model at all.
    const other = await startWorker({ persistDir: state });
    try {
      expect(((await (await other.fetch('/v1/models')).json()) as { models: unknown[] }).models).toEqual([]);
    } finally {
      await other.dispose();
    }
  });
});
