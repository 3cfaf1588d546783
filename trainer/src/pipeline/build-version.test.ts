import { foreignManifestSchema, goldenVectorsSchema, modelManifestSchema, PAD_TOKEN, sha256Hex, textModelManifestSchema, trainingCurvesSchema, UNK_TOKEN } from '@edgeml/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportOnnx } from '../onnx/export-onnx.ts';
import { buildTextModel } from '../text/build-text-model.ts';
import { selectBackend, tf, type LayersModel } from '../tf.ts';
import type { EpochLog } from '../train/epoch-log.ts';
import { buildVersion } from './build-version.ts';
import type { ImageRunRecord, TextRunRecord } from './run-record.ts';

const history: EpochLog[] = [{ epoch: 1, loss: 0.9, accuracy: 0.7, validationLoss: 0.5, validationAccuracy: 0.85, learningRate: 0.002, seconds: 10 }];
const training = { architecture: 'tiny', dataset: 'none', epochs: 1, batchSize: 8, optimizer: 'adam', learningRate: 0.002, backend: 'wasm' };
const imageRun: ImageRunRecord = {
  task: 'image-classification',
  name: 'digits',
  labels: ['a', 'b', 'c'],
  preprocessing: { recipe: 'mnist', size: 28, fitSize: 20, invert: 'auto', mean: 0.1307, std: 0.3081 },
  imageShape: [28, 28, 1],
  training,
  metrics: { testAccuracy: 0.9 },
  history,
  createdAt: '2026-11-28T12:00:00.000Z',
};
const textRun: TextRunRecord = { task: 'text-classification', name: 'words', labels: ['ham', 'spam'], maxLength: 6, training, metrics: {}, history: [], createdAt: imageRun.createdAt };
const vocabulary = new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, tokens: [PAD_TOKEN, UNK_TOKEN, 'hello', 'free', 'prize', 'lunch'] }));
const now = new Date('2026-11-28T12:15:00.000Z');

let image: LayersModel;
beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
  image = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 3, activation: 'softmax' })] });
});

const decode = (bytes: Uint8Array | undefined): unknown => JSON.parse(new TextDecoder().decode(bytes));

describe('buildVersion', () => {
  it('exports an image run\'s tfjs model and makes its manifest, golden vectors (tfjs cross-checked) and curves', async () => {
    const { manifest, artifacts, onnx } = await buildVersion({ source: { model: image }, run: imageRun, now });
    const modelSha = await sha256Hex(onnx.bytes);
    expect(modelManifestSchema.parse(manifest)).toMatchObject({
      name: 'digits',
      version: `20261128T121500Z-${modelSha.slice(0, 8)}`,
      input: { kind: 'image', name: onnx.inputName, shape: [-1, 28, 28, 1], preprocessing: imageRun.preprocessing },
      output: { name: 'probabilities', kind: 'probabilities' },
      training,
      createdAt: now.toISOString(),
    });
    expect(Object.keys(artifacts).sort()).toEqual(['curves', 'golden', 'model']);
    for (const [name, bytes] of Object.entries(artifacts)) {
      expect(manifest.artifacts[name]).toMatchObject({ key: `models/digits/versions/${manifest.version}/${name === 'model' ? 'model.onnx' : `${name}.json`}`, bytes: bytes.length, sha256: await sha256Hex(bytes) });
    }
    expect(goldenVectorsSchema.parse(decode(artifacts.golden))).toMatchObject({ reference: 'onnxruntime-web', input: { dims: [8, 28, 28, 1] }, output: { dims: [8, 3] } });
    expect(trainingCurvesSchema.parse(decode(artifacts.curves)).epochs).toHaveLength(1);
  });

  it('publishes ONNX bytes as given, with a variant and lineage, and no curves for a run without history', async () => {
    const onnx = exportOnnx(image);
    const variant = { kind: 'pruned' as const };
    const lineage = { parent: { name: 'digits', version: 'v1' } };
    const built = await buildVersion({ source: { onnx }, run: { ...imageRun, history: [] }, name: 'digits-small', version: 'v2', variant, lineage });
    expect(built.artifacts.model).toBe(onnx.bytes);
    expect(built.manifest).toMatchObject({ name: 'digits-small', version: 'v2', variant, lineage });
    expect(Object.keys(built.manifest.artifacts).sort()).toEqual(['golden', 'model']);
  });

  it('makes a text version with its vocabulary artifact and golden token ids, refusing a vocabulary that does not fit', async () => {
    const model = buildTextModel({ architecture: 'pooled', vocabularySize: 6, maxLength: 6, classes: 2 });
    try {
      const { manifest, artifacts } = await buildVersion({ source: { model }, run: textRun, vocabulary, version: 'v1' });
      const text = textModelManifestSchema.parse(manifest);
      expect(text.input).toMatchObject({ kind: 'text', maxLength: 6, vocabularySize: 6, vocabulary: { key: 'models/words/versions/v1/vocabulary.json', sha256: await sha256Hex(vocabulary) } });
      expect(artifacts.vocabulary).toBe(vocabulary);
      expect(goldenVectorsSchema.parse(decode(artifacts.golden)).input.dims).toEqual([8, 6]);
      await expect(buildVersion({ source: { model }, run: textRun })).rejects.toThrow(/needs its vocabulary/);
      const small = new TextEncoder().encode(JSON.stringify({ schemaVersion: 1, tokens: [PAD_TOKEN, UNK_TOKEN] }));
      const { vocabulary: _reference, ...input } = text.input;
      const foreign = foreignManifestSchema.parse({ name: 'words', task: 'text-classification', labels: textRun.labels, input, output: text.output, training });
      await expect(buildVersion({ source: { onnx: exportOnnx(model) }, foreign, vocabulary: small })).rejects.toThrow(/the vocabulary has 2 tokens but input.vocabularySize says 6/);
    } finally {
      model.dispose();
    }
    await expect(buildVersion({ source: { model: image }, run: imageRun, vocabulary })).rejects.toThrow(/a vocabulary is for text models/);
  });
});
