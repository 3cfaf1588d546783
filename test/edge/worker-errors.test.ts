import { errorBodySchema, legacyErrorResponseSchema, predictResponseSchema, type ErrorCode } from '@edgeml/shared';
import http from 'node:http';
import * as ortNode from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postPastLimit } from '../support/post-past-limit.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';
import { digitPng, readMnistTestSet, type MnistTestDigit } from './support/mnist-test-set.ts';
import { padOnnx, prepareModelStore, type TestModelStore } from './support/prepare-model-store.ts';

/** This worker's model budget: above the trained model, below the padded one. */
const MAX_MODEL_BYTES = 2 ** 20;
const MAX_BODY_BYTES = 4 * 2 ** 20;

let store: TestModelStore;
let worker: RunningWorker;
let digit: MnistTestDigit;
const answered: { path: string; status: number; text: string }[] = [];

beforeAll(async () => {
  store = await prepareModelStore(inject('publishedModel'));
  worker = await startWorker({ persistDir: store.persistDir, vars: { MAX_MODEL_BYTES: String(MAX_MODEL_BYTES) } });
  [digit] = await readMnistTestSet(1);
});

afterAll(async () => {
  await worker?.dispose();
  await store?.dispose();
});

async function send(path: string, init?: RequestInit): Promise<{ status: number; text: string }> {
  const response = await worker.fetch(path, init);
  const result = { path, status: response.status, text: await response.text() };
  answered.push(result);
  return result;
}

/** A POST whose headers go out but whose body never does; resolves with the worker's answer. */
function sendHeadersOnly(path: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, worker.url), { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, text });
      });
    });
    request.on('error', reject);
    request.flushHeaders();
  });
}

function post(path: string, body: BodyInit, contentType?: string): Promise<{ status: number; text: string }> {
  return send(path, { method: 'POST', body, headers: contentType ? { 'content-type': contentType } : {} });
}

/** Asserts the status and the `{ error: { code, message } }` body, and returns the error. */
function expectError(result: { status: number; text: string }, status: number, code: ErrorCode) {
  expect(result.status, result.text).toBe(status);
  const { error } = errorBodySchema.parse(JSON.parse(result.text));
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

function predictPath(name = store.name): string {
  return `/v1/models/${name}/predict`;
}

async function expectGoodPrediction(name = store.name): Promise<void> {
  const result = await post(predictPath(name), digitPng(digit!.pixels), 'image/png');
  expect(result.status, result.text).toBe(200);
  expect(predictResponseSchema.parse(JSON.parse(result.text)).predictions[0]!.index).toBe(digit!.label);
}

describe('worker error answers in workerd', () => {
  it('refuses bodies that are not images', async () => {
    expectError(await post(predictPath(), new TextEncoder().encode('hello, not a picture'), 'image/png'), 400, 'invalid_image');
    const png = digitPng(digit!.pixels);
    expectError(await post(predictPath(), png.slice(0, png.length / 2), 'image/png'), 400, 'invalid_image');
    expectError(await post(predictPath(), new TextEncoder().encode('GIF89a\x01\x00\x01\x00'), 'image/jpeg'), 400, 'invalid_image');
    expectError(await post(predictPath(), new Uint8Array(100).fill(7), 'application/octet-stream'), 400, 'invalid_image');
  });

  it('refuses an empty body', async () => {
    expectError(await post(predictPath(), new Uint8Array(0), 'image/png'), 400, 'empty_body');
    expectError(await post(predictPath(), '', 'application/json'), 400, 'empty_body');
  });

  it('refuses a body over the limit by its Content-Length, before reading it', async () => {
    // Only the headers are sent: the answer must come from Content-Length alone. Sending the
    // whole body races the early 413 and the connection close (ECONNRESET on write).
    const result = await sendHeadersOnly(predictPath(), { 'content-type': 'image/png', 'content-length': String(MAX_BODY_BYTES + 1) });
    const error = expectError(result, 413, 'payload_too_large');
    expect(error.details).toMatchObject({ limit: MAX_BODY_BYTES });
  });

  it('refuses a chunked body once it passes the limit', async () => {
    // No Content-Length: the worker must count bytes as they stream and answer once past the limit.
    const result = await postPastLimit(new URL(predictPath(), worker.url), { 'content-type': 'image/png' }, new Uint8Array(MAX_BODY_BYTES + 1024), MAX_BODY_BYTES);
    answered.push({ path: predictPath(), ...result });
    expectError(result, 413, 'payload_too_large');
  });

  it('refuses JSON that does not parse, NaN included', async () => {
    expectError(await post(predictPath(), `{"pixels": [${new Array(783).fill(0).join(',')}, NaN]}`, 'application/json'), 400, 'invalid_json');
    expectError(await post(predictPath(), '{"pixels": [1, 2', 'application/json'), 400, 'invalid_json');
    expectError(await post(predictPath(), 'pixels=1,2,3', 'application/json'), 400, 'invalid_json');
  });

  it('refuses JSON of the wrong shape, length or values', async () => {
    const pixels = new Array<number>(784).fill(0);
    const cases: unknown[] = [
      {},
      [pixels],
      { pixels: pixels.slice(1) },
      { pixels: [...pixels, 0] },
      { pixels: pixels.map((p, i) => (i === 10 ? 'x' : p)) },
      { pixels: pixels.map((p, i) => (i === 10 ? null : p)) },
      { pixels: pixels.map((p, i) => (i === 10 ? 256 : p)) },
      { pixels: pixels.map((p, i) => (i === 10 ? -1 : p)) },
      { pixels, scale: 1, topK: 3 },
      { pixels, instances: [{ pixels }] },
      { instances: [] },
      { instances: Array.from({ length: 65 }, () => ({ pixels })) },
      { pixels, topK: 0 },
      { pixels, extra: true },
    ];
    // 1 is in scale for `scale: 1`, so make that case fail on a value instead.
    (cases[8] as { pixels: number[] }).pixels = pixels.map((p, i) => (i === 0 ? 2 : p));
    for (const body of cases) expectError(await post(predictPath(), JSON.stringify(body), 'application/json'), 400, 'validation_failed');
    // JSON has no NaN or Infinity, but 1e999 parses to Infinity.
    expectError(await post(predictPath(), `{"pixels": [1e999${',0'.repeat(783)}]}`, 'application/json'), 400, 'validation_failed');
  });

  it('refuses unsupported content types', async () => {
    expectError(await post(predictPath(), 'hello', 'text/plain'), 415, 'unsupported_media_type');
    expectError(await post(predictPath(), digitPng(digit!.pixels), 'image/gif'), 415, 'unsupported_media_type');
    expectError(await post(predictPath(), 'a=1', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    expectError(await send(predictPath(), { method: 'POST', body: new Blob([digitPng(digit!.pixels)]) }), 415, 'unsupported_media_type');
  });

  it('refuses multipart bodies without an "image" file', async () => {
    const wrongField = new FormData();
    wrongField.append('file', new Blob([digitPng(digit!.pixels)], { type: 'image/png' }), 'digit.png');
    expectError(await send(predictPath(), { method: 'POST', body: wrongField }), 400, 'validation_failed');
    const textField = new FormData();
    textField.append('image', 'a digit');
    expectError(await send(predictPath(), { method: 'POST', body: textField }), 400, 'validation_failed');
    const notImage = new FormData();
    notImage.append('image', new Blob(['plain text']), 'digit.png');
    expectError(await send(predictPath(), { method: 'POST', body: notImage }), 400, 'invalid_image');
    expectError(await post(predictPath(), '--x\r\nbroken', 'multipart/form-data; boundary=x'), 400, 'bad_request');
  });

  it('answers unknown models, versions and routes with 404, other methods with 405', async () => {
    expectError(await post(predictPath('no-such-model'), digitPng(digit!.pixels), 'image/png'), 404, 'model_not_found');
    expectError(await post(predictPath('Not_A_Name'), digitPng(digit!.pixels), 'image/png'), 404, 'model_not_found');
    expectError(await send('/v1/models/no-such-model'), 404, 'model_not_found');
    expectError(await post(`${predictPath()}?version=19990101T000000Z-none`, digitPng(digit!.pixels), 'image/png'), 404, 'version_not_found');
    expectError(await send(`/v1/models/${store.name}?version=19990101T000000Z-none`), 404, 'version_not_found');
    expectError(await send(`/v1/models/${store.name}?version=..%2F..%2Fsecrets`), 404, 'version_not_found');
    expectError(await send('/v2/everything'), 404, 'not_found');
    expectError(await send(predictPath()), 405, 'method_not_allowed');
  });

  it('answers a corrupt, unloadable or dangling model with 503 while the others keep serving', async () => {
    const corrupt = expectError(await post(predictPath(store.corrupt), digitPng(digit!.pixels), 'image/png'), 503, 'model_unavailable');
    // The cause (a sha256 mismatch of an R2 object) goes to the log; the client gets a generic message.
    expect(corrupt.message).toBe('the model is unavailable here; try again later');
    await expectGoodPrediction();
    expectError(await post(predictPath(store.unloadable), digitPng(digit!.pixels), 'image/png'), 503, 'model_unavailable');
    expectError(await post(predictPath(store.dangling), digitPng(digit!.pixels), 'image/png'), 503, 'model_unavailable');
    // Still refused on a second try: a broken version does not get cached as good.
    expectError(await post(predictPath(store.corrupt), digitPng(digit!.pixels), 'image/png'), 503, 'model_unavailable');
    await expectGoodPrediction();
  });

  it('refuses a model over the budget, though it is a valid model', async () => {
    const published = inject('publishedModel');
    expect(store.modelBytes).toBeLessThan(MAX_MODEL_BYTES);
    expect(store.tooLargeBytes).toBeGreaterThan(MAX_MODEL_BYTES);
    // The padded model is a loadable ONNX model, so the refusal is about size alone.
    const { readFile } = await import('node:fs/promises');
    const onnx = new Uint8Array(await readFile(`${published.runDir}/model.onnx`));
    const native = await ortNode.InferenceSession.create(padOnnx(onnx, store.tooLargeBytes - onnx.length - 4));
    await native.release();

    const error = expectError(await post(predictPath(store.tooLarge), digitPng(digit!.pixels), 'image/png'), 503, 'model_too_large');
    expect(error.details).toEqual({ bytes: store.tooLargeBytes, limit: MAX_MODEL_BYTES });
    // The stored object's own size counts too, whatever the manifest says.
    const understated = expectError(await post(predictPath(store.understated), digitPng(digit!.pixels), 'image/png'), 503, 'model_too_large');
    expect(understated.details).toEqual({ bytes: store.tooLargeBytes, limit: MAX_MODEL_BYTES });
    await expectGoodPrediction();
  });

  it('keeps the primer error shape on POST /predict', async () => {
    const cases: [Promise<{ status: number; text: string }>, number][] = [
      [post('/predict', new TextEncoder().encode('not an image'), 'image/png'), 400],
      [post('/predict', 'hello', 'text/plain'), 415],
      [post('/predict', new Uint8Array(0), 'image/png'), 400],
      [post('/predict', JSON.stringify({ instances: [{ pixels: [0] }, { pixels: [0] }] }), 'application/json'), 400],
      [send('/predict', { method: 'POST', body: new FormData() }), 400],
      [send('/predict'), 405],
    ];
    for (const [pending, status] of cases) {
      const result = await pending;
      expect(result.status, result.text).toBe(status);
      const body = legacyErrorResponseSchema.parse(JSON.parse(result.text));
      expect(body.status).toBe('error');
      expect(Object.keys(body).sort()).toEqual(['error', 'status']);
    }
  });

  it('still answers a good request, and never answered with a 500 or a stack trace', async () => {
    await expectGoodPrediction();
    expect(answered.length).toBeGreaterThan(40);
    for (const { path, status, text } of answered) {
      expect(status, `${path}: ${text}`).not.toBe(500);
      expect(text).not.toMatch(/\n\s+at /);
    }
  });
});
