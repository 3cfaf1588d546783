import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { anyModelManifestSchema } from '@edgeml/shared/schemas/manifest';
import { TextTokenizer } from '@edgeml/shared/text/index';
import { tinyTextModel, type TinyTextModel } from './tiny-text-model.ts';

let tiny: TinyTextModel;

beforeAll(async () => {
  tiny = await tinyTextModel();
});

describe('a tiny spam classifier, end to end in Node', () => {
  it('learns SpamAssassin well above chance', () => {
    expect(tiny.labels).toEqual(['ham', 'spam']);
    expect(tiny.testAccuracy).toBeGreaterThanOrEqual(0.85);
  });

  it('runs in onnxruntime-node on freshly tokenised held-out texts as tfjs did (max |Δ| ≤ 1e-4)', async () => {
    const tokenizer = new TextTokenizer(tiny.vocabulary, tiny.maxLength);
    const ids = tokenizer.encodeBatch(tiny.heldOutTexts);
    const session = await ort.InferenceSession.create(tiny.onnx, { intraOpNumThreads: 1 });
    try {
      const output = (await session.run({ input: new ort.Tensor('float32', ids, [tiny.heldOutTexts.length, tiny.maxLength]) })).probabilities!;
      const actual = output.data as Float32Array;
      expect(actual.length).toBe(tiny.tfjsOutputs.length);
      const maxAbsDiff = tiny.tfjsOutputs.reduce((max, value, i) => Math.max(max, Math.abs(value - actual[i]!)), 0);
      expect(maxAbsDiff).toBeLessThanOrEqual(1e-4);
    } finally {
      await session.release();
    }
  });

  it('describes text models in the manifest union without breaking image manifests', () => {
    const base = {
      schemaVersion: 1,
      name: 'spam',
      version: 'v1',
      labels: ['ham', 'spam'],
      output: { name: 'probabilities', kind: 'probabilities' },
      metrics: {},
      training: { architecture: 'pooled', dataset: 'spam', epochs: 1, batchSize: 8, optimizer: 'adam', learningRate: 0.01, backend: 'cpu' },
      createdAt: '2026-11-28T12:00:00Z',
    };
    const artifact = { key: 'models/spam/v1/model.onnx', bytes: 1, sha256: 'a'.repeat(64), contentType: 'application/octet-stream' };
    const vocabulary = { ...artifact, key: 'models/spam/v1/vocabulary.json', contentType: 'application/json' };
    const text = {
      ...base,
      task: 'text-classification',
      input: {
        kind: 'text',
        name: 'input',
        maxLength: 64,
        vocabularySize: tiny.vocabulary.tokens.length,
        vocabulary: { key: vocabulary.key, sha256: vocabulary.sha256 },
        tokenizer: { scheme: 'words-v1', normalization: 'NFKC', lowercase: true, padId: 0, unkId: 1, truncation: 'end', padding: 'end' },
        maxChars: 20000,
      },
      artifacts: { model: artifact, vocabulary },
    };
    expect(anyModelManifestSchema.parse(text).task).toBe('text-classification');
    expect(anyModelManifestSchema.safeParse({ ...text, artifacts: { model: artifact } }).success).toBe(false);
    const preprocessing = { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 };
    const image = { ...base, task: 'image-classification', input: { kind: 'image', name: 'input', shape: [-1, 28, 28, 1], preprocessing }, artifacts: { model: artifact } };
    expect(anyModelManifestSchema.parse(image).task).toBe('image-classification');
    expect(anyModelManifestSchema.safeParse({ ...image, input: text.input }).success).toBe(false);
  });
});
