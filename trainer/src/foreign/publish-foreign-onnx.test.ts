import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_TEXT_TOKENIZER_PARAMS, goldenVectorsSchema, manifestKey, textModelManifestSchema } from '@edgeml/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainerError } from '../errors.ts';
import type { ObjectStore } from '../publish/object-store.ts';
import { openLocalR2Store } from '../publish/open-local-r2-store.ts';
import { publishForeignOnnx } from './publish-foreign-onnx.ts';
import { linearOnnx } from './testing/linear-onnx.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const MAX_LENGTH = 16;
const tokens = ['<pad>', '<unk>', ...Array.from({ length: 98 }, (_, i) => `word${i}`)];
const vocabulary = new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, tokens }));
const onnx = linearOnnx({ inputName: 'token_ids', inputDims: ['N', MAX_LENGTH], outputName: 'scores', classes: 2 });
const manifest = {
  name: 'spam-foreign',
  version: '20261129T000000Z-foreign',
  task: 'text-classification',
  labels: ['ham', 'spam'],
  input: { kind: 'text', name: 'token_ids', maxLength: MAX_LENGTH, vocabularySize: tokens.length, tokenizer: DEFAULT_TEXT_TOKENIZER_PARAMS, maxChars: 500 },
  output: { name: 'scores', kind: 'logits' },
  training: { architecture: 'bag-of-words', dataset: 'spam', epochs: 3, batchSize: 32, optimizer: 'adam', learningRate: 0.001, backend: 'pytorch' },
};

let dir: string;
let store: ObjectStore;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'edgeml-foreign-publish-'));
  store = await openLocalR2Store({ configPath: path.join(REPO_ROOT, 'wrangler.toml'), persistTo: dir });
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function refusal(params: Partial<Parameters<typeof publishForeignOnnx>[0]>): Promise<string> {
  try {
    await publishForeignOnnx({ store, onnx, manifest, vocabulary, ...params });
  } catch (error) {
    expect(error).toBeInstanceOf(TrainerError);
    expect((error as TrainerError).isUserError).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('publishForeignOnnx', () => {
  it('refuses a text model without its vocabulary, or with one of another size, and an image model given one', async () => {
    expect(await refusal({ vocabulary: undefined })).toMatch(/a text model needs its vocabulary: give --vocabulary/);
    expect(await refusal({ vocabulary: new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, tokens: tokens.slice(0, 50) })) })).toMatch(
      /the vocabulary has 50 tokens but input.vocabularySize says 100/,
    );
    expect(await refusal({ vocabulary: new TextEncoder().encode('{"tokens": ') })).toMatch(/the vocabulary is not JSON/);
    expect(await refusal({ manifest: { ...manifest, labels: ['ham'] } })).toMatch(/the manifest is invalid: labels: /);
    expect(await refusal({ manifest: { ...manifest, lables: ['ham', 'spam'] } })).toMatch(/the manifest is invalid: manifest: Unrecognized key: "lables"/);
    expect(await refusal({ manifest: { ...manifest, input: { ...manifest.input, maxLength: 32 } } })).toMatch(/input "token_ids" is \[N, 16\], but the manifest describes \[N, 32\]/);
    const image = {
      ...manifest,
      task: 'image-classification',
      input: { kind: 'image', name: 'pixels', shape: [-1, 28, 28, 1], layout: 'nchw', preprocessing: { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 } },
    };
    expect(await refusal({ onnx: linearOnnx({ classes: 2 }), manifest: image })).toMatch(/a vocabulary is for text models; this manifest is an image model/);
    // Nothing of a refused model was written.
    expect((await store.list('models/')).keys).toEqual([]);
  });

  it('publishes a text model with its vocabulary and golden vectors, sizes and sha256 filled in', async () => {
    const { manifest: published, report } = await publishForeignOnnx({ store, onnx, manifest, vocabulary, now: new Date('2026-11-29T00:00:00Z') });
    expect(report.inputDims).toEqual(['N', MAX_LENGTH]);
    const stored = textModelManifestSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(manifestKey(manifest.name, manifest.version)))!)));
    expect(stored).toEqual(published);
    expect(stored).toMatchObject({ version: manifest.version, createdAt: '2026-11-29T00:00:00.000Z', artifacts: { model: { bytes: onnx.length }, vocabulary: { bytes: vocabulary.length } } });
    expect(stored.input.vocabulary).toEqual({ key: stored.artifacts.vocabulary.key, sha256: stored.artifacts.vocabulary.sha256 });
    const golden = goldenVectorsSchema.parse(JSON.parse(new TextDecoder().decode((await store.get(stored.artifacts.golden!.key))!)));
    expect(golden).toMatchObject({ reference: 'onnxruntime-web', input: { name: 'token_ids', dims: [8, MAX_LENGTH] }, output: { name: 'scores', dims: [8, 2] } });
    expect(await refusal({})).toMatch(/already published/);
  });
});
