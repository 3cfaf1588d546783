import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextModelManifest } from '@edgeml/shared/schemas/manifest';
import { modelsListResponseSchema } from '@edgeml/shared/schemas/models-list';
import { modelVersionsResponseSchema } from '@edgeml/shared/schemas/model-versions';
import { textPredictResponseSchema } from '@edgeml/shared/schemas/predict';
import { TextTokenizer } from '@edgeml/shared/text/index';
import { openLocalR2Store } from '@edgeml/trainer/publish/open-local-r2-store';
import { publishModelVersion } from '@edgeml/trainer/publish/publish-model-version';
import { digitPng } from '../edge/support/mnist-test-set.ts';
import { documentedResponse, type OpenApiDocument } from '../openapi/openapi-validator.ts';
import { ensurePublishedTestModel, REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import type { TinyTextModel } from './tiny-text-model.ts';
import { tinyTextVersion } from './tiny-text-version.ts';

const NAME = 'spam-tiny';
const VERSION = '20261128T200000Z-text01';
const MAX_TEXT_CHARS = 300;
const MAX_BATCH = 4;

let worker: RunningWorker;
let tiny: TinyTextModel;
let manifest: TextModelManifest;
let imageModel: string;

beforeAll(async () => {
  const version = await tinyTextVersion(NAME, VERSION);
  ({ tiny, manifest } = version);
  const persistDir = path.join(REPO_ROOT, '.artifacts', 'text-edge-state');
  await mkdir(persistDir, { recursive: true });
  // The image test model shares the state, so each model can be sent the other's input.
  imageModel = (await ensurePublishedTestModel(persistDir)).name;
  const store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: persistDir });
  try {
    await publishModelVersion({ store, manifest, artifacts: version.artifacts });
  } finally {
    await store.close();
  }
  worker = await startWorker({ persistDir, vars: { MAX_TEXT_CHARS: String(MAX_TEXT_CHARS), MAX_BATCH: String(MAX_BATCH) } });
}, 240_000);

afterAll(async () => {
  await worker?.dispose();
});

function post(body: string | Uint8Array<ArrayBuffer> | object, contentType = 'application/json', model = NAME): Promise<Response> {
  return worker.fetch(`/v1/models/${model}/predict`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) });
}

describe('text models on the edge (workerd)', () => {
  it('lists and describes the text model with its task', async () => {
    const list = modelsListResponseSchema.parse(await (await worker.fetch('/v1/models')).json());
    expect(list.models.find((model) => model.name === NAME)).toMatchObject({ task: 'text-classification', version: VERSION, labels: tiny.labels });
    expect(list.models.find((model) => model.name === imageModel)?.task).toBe('image-classification');
    const described = await worker.fetch(`/v1/models/${NAME}`);
    expect(described.status).toBe(200);
    expect(await described.json()).toEqual(manifest);
  });

  it("lists the text model's versions (read with the manifest schema of every kind)", async () => {
    const response = await worker.fetch(`/v1/models/${NAME}/versions`);
    expect(response.status).toBe(200);
    const { versions } = modelVersionsResponseSchema.parse(await response.json());
    expect(versions.find((version) => version.version === VERSION)).toMatchObject({ channels: ['production'], curves: false, metrics: manifest.metrics });
  });

  it('predicts one text and a batch as onnxruntime-node does on the same token ids', async () => {
    const texts = tiny.heldOutTexts.map((text) => text.slice(0, MAX_TEXT_CHARS)).slice(0, MAX_BATCH);
    const single = textPredictResponseSchema.parse(await (await post({ text: texts[0] })).json());
    const batch = textPredictResponseSchema.parse(await (await post({ texts, version: VERSION })).json());
    expect(single).toMatchObject({ model: NAME, version: VERSION });
    expect(batch.version).toBe(VERSION);
    expect(batch.predictions).toHaveLength(texts.length);

    const tokenizer = new TextTokenizer(tiny.vocabulary, tiny.maxLength);
    const session = await ort.InferenceSession.create(tiny.onnx, { intraOpNumThreads: 1 });
    let expected: Float32Array;
    try {
      const output = await session.run({ input: new ort.Tensor('float32', tokenizer.encodeBatch(texts), [texts.length, tiny.maxLength]) });
      expected = output.probabilities!.data as Float32Array;
    } finally {
      await session.release();
    }
    let maxAbsDiff = 0;
    for (const [row, prediction] of [...batch.predictions.entries(), [0, single.predictions[0]!] as const]) {
      const values = tiny.labels.map((label) => prediction.probabilities[label]!);
      expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(prediction.confidence).toBe(Math.max(...values));
      expect(prediction.label).toBe(tiny.labels[values.indexOf(Math.max(...values))]);
      values.forEach((value, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(value - expected[row * tiny.labels.length + i]!))));
    }
    console.log(`text predict parity workerd vs onnxruntime-node: max |Δ| = ${maxAbsDiff.toExponential(2)} over ${texts.length + 1} rows`);
    expect(maxAbsDiff).toBeLessThanOrEqual(1e-5);

    // The OpenAPI document describes the real text answer, and a broken one fails it.
    const document = (await (await worker.fetch('/openapi.json')).json()) as OpenApiDocument;
    const documented = documentedResponse(document, 'POST', `/v1/models/${NAME}/predict`, 200);
    if ('missing' in documented) throw new Error(documented.missing);
    expect(documented.validate(batch).success).toBe(true);
    expect(documented.validate({ ...batch, predictions: [{ ...batch.predictions[0]!, confidence: 2 }] }).success).toBe(false);
    const described = documentedResponse(document, 'GET', `/v1/models/${NAME}`, 200);
    if ('missing' in described) throw new Error(described.missing);
    expect(described.validate(manifest).success).toBe(true);
  });

  it('answers every bad input with a typed 4xx and keeps answering', async () => {
    // A well-formed PNG: its header passes the size checks, and the model's task is checked before it is decoded.
    const png = digitPng(new Uint8Array(28 * 28));
    const cases: [string, Promise<Response>, number, string][] = [
      ['empty', post({ text: '   ' }), 400, 'validation_failed'],
      ['not a string', post({ text: 42 }), 400, 'validation_failed'],
      ['too long', post({ text: 'a'.repeat(MAX_TEXT_CHARS + 1) }), 413, 'payload_too_large'],
      ['batch over the limit', post({ texts: Array.from({ length: MAX_BATCH + 1 }, () => 'hi') }), 413, 'payload_too_large'],
      ['empty batch', post({ texts: [] }), 400, 'validation_failed'],
      ['wrong content type', post('win cash now', 'text/plain'), 415, 'unsupported_media_type'],
      ['image to a text model', post(png, 'image/png'), 415, 'unsupported_media_type'],
      ['pixels to a text model', post({ pixels: Array.from({ length: 784 }, () => 0) }), 415, 'unsupported_media_type'],
      ['text to an image model', post({ text: 'win cash now' }, 'application/json', imageModel), 415, 'unsupported_media_type'],
      ['invalid JSON', post('{"text": ', 'application/json'), 400, 'invalid_json'],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      const body = (await response.json()) as { error?: { code: string; message: string } };
      expect(response.status, label).toBe(status);
      expect(body.error?.code, label).toBe(code);
      expect(body.error?.message.length, label).toBeGreaterThan(0);
    }
    const after = await post({ text: 'are we still on for lunch tomorrow?' });
    expect(after.status).toBe(200);
  });
});
