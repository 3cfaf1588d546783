/**
 * `trainer text train --arch transformer --int8 --publish` end to end: a small transformer trained on a
 * SpamAssassin slice, its int8 variant kept within 0.3 test-accuracy points of float, both published into
 * Miniflare's R2, and the worker answering `{ text }` / `{ texts }` with either version.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { textModelManifestSchema, type TextModelManifest } from '@edgeml/shared/schemas/manifest';
import { textPredictResponseSchema } from '@edgeml/shared/schemas/predict';
import { TextTokenizer, textVocabularySchema } from '@edgeml/shared/text/index';
import { textCommand } from '@edgeml/trainer/cli/text-command';
import { crossCheckBound } from '@edgeml/trainer/golden/golden-tolerance';
import { loadSpamAssassin } from '@edgeml/trainer/text/load-spam-assassin';
import { REPO_ROOT } from '../support/published-model.ts';
import { startWorker, type RunningWorker } from '../support/start-worker.ts';

const NAME = 'spam-transformer';
const PER_LABEL = 150;

let worker: RunningWorker;
let dir: string;
let float: TextModelManifest;
let int8: TextModelManifest;
let testTexts: string[];

async function servedManifest(query = ''): Promise<TextModelManifest> {
  return textModelManifestSchema.parse(await (await worker.fetch(`/v1/models/${NAME}${query}`)).json());
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(REPO_ROOT, '.artifacts', 'text-transformer-test-'));
  // Short texts keep training to seconds: the first 400 characters of a few hundred mails per label.
  const all = loadSpamAssassin();
  const slice = ['ham', 'spam'].flatMap((label) => all.filter((e) => e.label === label).slice(0, PER_LABEL));
  const data = path.join(dir, `${NAME}.jsonl`);
  await writeFile(data, slice.map((e) => JSON.stringify({ text: e.text.slice(0, 400), label: e.label })).join('\n'));
  testTexts = slice.slice(0, 3).map((e) => e.text.slice(0, 200));
  const persistDir = path.join(dir, 'state');
  const out = path.join(dir, 'run');
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  let code: number;
  try {
    code = await textCommand.run(['--data', data, '--arch', 'transformer', '--epochs', '4', '--batch-size', '32', '--max-length', '32', '--vocab-size', '1500', '--int8', '--publish', '--persist-to', persistDir, '--out', out]);
  } finally {
    log.mockRestore();
  }
  expect(code).toBe(0);
  worker = await startWorker({ persistDir });
  // The int8 version is production; the float one, published first, is its lineage parent.
  int8 = await servedManifest();
  float = await servedManifest(`?version=${int8.lineage!.parent!.version}`);
}, 300_000);

afterAll(async () => {
  await worker?.dispose();
});

function post(body: object, query = ''): Promise<Response> {
  return worker.fetch(`/v1/models/${NAME}/predict${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('transformer text model and its int8 variant through the CLI and workerd', () => {
  it('keeps the int8 variant within 0.3 test-accuracy points of float, in far fewer bytes', () => {
    console.log(`transformer slice: float ${float.metrics.testAccuracy} (${float.artifacts.model.bytes} B), int8 ${int8.metrics.testAccuracy} (${int8.artifacts.model.bytes} B)`);
    expect(float.training.architecture).toBe('transformer');
    expect(float.metrics.testAccuracy).toBeGreaterThan(0.8);
    expect(int8.metrics.floatTestAccuracy).toBeGreaterThan(0.8);
    expect(Math.abs(int8.metrics.floatTestAccuracy! - int8.metrics.testAccuracy!)).toBeLessThanOrEqual(0.003);
    expect(int8.variant).toMatchObject({ kind: 'quantized', quantization: { mode: 'weights' } });
    expect(int8.lineage?.parent).toEqual({ name: NAME, version: float.version });
    expect(int8.artifacts.model.bytes).toBeLessThan(float.artifacts.model.bytes * 0.4);
  });

  it('serves the int8 version as production for { text } and { texts }, as onnxruntime-node computes it (ORT-web vs native: within the cross-check bound)', async () => {
    const single = textPredictResponseSchema.parse(await (await post({ text: testTexts[0] })).json());
    expect(single).toMatchObject({ model: NAME, version: int8.version });
    const batch = textPredictResponseSchema.parse(await (await post({ texts: testTexts })).json());
    expect(batch.predictions).toHaveLength(testTexts.length);
    const vocabulary = textVocabularySchema.parse(JSON.parse(await readFile(path.join(dir, 'run', 'vocabulary.json'), 'utf8')));
    const tokenizer = new TextTokenizer(vocabulary, int8.input.maxLength);
    const session = await ort.InferenceSession.create(await readFile(path.join(dir, 'run', 'model-int8.onnx')), { intraOpNumThreads: 1 });
    try {
      const output = await session.run({ input: new ort.Tensor('float32', tokenizer.encodeBatch(testTexts), [testTexts.length, int8.input.maxLength]) });
      const expected = output.probabilities!.data as Float32Array;
      const tolerance = crossCheckBound('onnxruntime-node', 'integer');
      batch.predictions.forEach((prediction, row) =>
        int8.labels.forEach((label, i) => {
          // ORT-web folds the int8 weights to float kernels, ORT-node runs integer ones chosen by this CPU: the publish cross-check's bound.
          const reference = expected[row * int8.labels.length + i]!;
          expect(Math.abs(prediction.probabilities[label]! - reference)).toBeLessThanOrEqual(tolerance.absolute + tolerance.relative * Math.abs(reference));
        }),
      );
    } finally {
      await session.release();
    }
  });

  it('serves the float transformer pinned by version', async () => {
    const response = textPredictResponseSchema.parse(await (await post({ texts: testTexts, version: float.version })).json());
    expect(response.version).toBe(float.version);
    expect(response.predictions).toHaveLength(testTexts.length);
  });
});
