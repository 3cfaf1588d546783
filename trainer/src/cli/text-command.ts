import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseBackendName, selectBackend } from '../tf.ts';
import { addGoldenArtifact, GOLDEN_FILE } from '../golden/add-golden-artifact.ts';
import { GOLDEN_COUNT } from '../golden/golden-image-inputs.ts';
import { servingGoldenVectors } from '../golden/serving-golden-vectors.ts';
import { buildTextManifest } from '../text/build-text-manifest.ts';
import { exportInt8TextRun, type Int8TextRun } from '../text/export-int8-text-run.ts';
import { TEXT_ARCHITECTURES } from '../text/build-text-model.ts';
import { loadTextDataset } from '../text/load-text-dataset.ts';
import { measureTextParity } from '../text/measure-text-parity.ts';
import { publishTextRun } from '../text/publish-text-run.ts';
import { trainTextModel } from '../text/train-text-model.ts';
import { BACKEND_FLAG, MODEL_FLAG, STORE_FLAGS } from './common-flags.ts';
import { defineCommand } from './define-command.ts';
import { integerFlag } from './flag-spec.ts';
import { openStore } from './open-store.ts';

export const textCommand = defineCommand({
  name: 'text train',
  description: 'Trains a text classifier and writes <out>/model.onnx, vocabulary.json, golden.json and manifest.json.',
  flags: {
    data: { type: 'string', placeholder: 'spam|FILE.csv|FILE.jsonl', default: 'spam', help: 'spam: the SpamAssassin corpus; a file of text,label rows' },
    arch: { type: 'enum', values: TEXT_ARCHITECTURES, default: 'pooled', help: 'lstm and transformer train ~10x slower on CPU' },
    blocks: { ...integerFlag(1, 2), default: 1, help: 'transformer encoder blocks' },
    model: { ...MODEL_FLAG, help: 'model name (default spam, or the file\'s base name)' },
    out: { type: 'string', placeholder: 'DIR', help: 'run folder (default .artifacts/text/<time>)' },
    epochs: { ...integerFlag(1), default: 4, help: 'training epochs' },
    'batch-size': { ...integerFlag(1), default: 64, help: 'training batch size' },
    'vocab-size': { ...integerFlag(1), default: 8000, aliases: ['vocab'], help: 'vocabulary size in tokens' },
    'max-length': { ...integerFlag(1), default: 200, help: 'tokens per text' },
    seed: { ...integerFlag(0), default: 42, help: 'seeds the split and initial weights' },
    backend: {
      ...BACKEND_FLAG,
      help: 'default $EDGEML_TF_BACKEND, else cpu (faster than wasm for text: a 1-epoch\ntransformer took 900 s on cpu, 1,320 s on wasm; the GPU image sets tensorflow-gpu)',
    },
    int8: {
      type: 'boolean',
      help: 'also write an int8 variant (weights and embedding table int8) to <out>/int8,\nmeasured against float on the test split; kept only within 0.3 points',
    },
    publish: { type: 'boolean', help: 'then publish the run (model + vocabulary) as the production version\n(with --int8: the float version, then the int8 one as production)' },
    ...STORE_FLAGS,
  },
  async run(values, env) {
    const { arch: architecture, blocks, seed, epochs } = values;
    const source = values.data;
    // EDGEML_TF_BACKEND as image training honours it: in the GPU image it is tensorflow-gpu, and text must not fall back to cpu there.
    const backend = await selectBackend({ backend: parseBackendName(values.backend ?? env.EDGEML_TF_BACKEND ?? 'cpu') });
    const dataset = await loadTextDataset(source, { seed });
    console.error(`${dataset.name}: ${dataset.train.texts.length} train, ${dataset.validation.texts.length} validation, ${dataset.test.texts.length} test`);
    const batchSize = values['batch-size'];
    const trained = await trainTextModel(dataset, {
      architecture,
      epochs,
      batchSize,
      vocabularySize: values['vocab-size'],
      maxLength: values['max-length'],
      blocks,
      onEpoch: (epoch, logs) => console.error(`epoch ${epoch + 1}/${epochs}: loss ${logs.loss?.toFixed(4)} val_acc ${logs.val_acc?.toFixed(4)}`),
    });
    // The transformer's LayerNormalization is one ONNX op from opset 17 (onnxruntime-web runs it).
    const opset = architecture === 'transformer' ? 17 : 13;
    const parityTexts = dataset.test.texts.slice(0, 256);
    const parity = await measureTextParity(trained.model, trained.tokenizer.encodeBatch(parityTexts), parityTexts.length, { opset });
    const onnx = parity.exported;
    console.error(`ONNX parity with tfjs on ${parityTexts.length} test texts: max |Δ| = ${parity.maxAbsDiff.toExponential(2)}`);
    const vocabularyBytes = new TextEncoder().encode(JSON.stringify(trained.tokenizer.vocabulary));
    const name = values.model ?? (source === 'spam' ? 'spam' : dataset.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'));
    const training = { architecture, dataset: source, epochs, batchSize, optimizer: 'adam', learningRate: 0.005, seed, backend: backend.name };
    // Golden vectors: the served outputs for the first test texts' token ids (tfjs cross-checks them), which the edge checks its session against.
    const goldenTexts = dataset.test.texts.slice(0, GOLDEN_COUNT);
    const golden = await servingGoldenVectors({ onnx, model: trained.model }, trained.tokenizer.encodeBatch(goldenTexts), [goldenTexts.length, trained.tokenizer.maxLength]);
    const { manifest, bytes: goldenBytes } = await addGoldenArtifact(await buildTextManifest({ name, trained, onnx, vocabularyBytes, training }), golden);
    const out = values.out ?? path.join('.artifacts', 'text', new Date().toISOString().replace(/[-:.]/g, ''));
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'model.onnx'), onnx.bytes);
    await writeFile(path.join(out, 'vocabulary.json'), vocabularyBytes);
    await writeFile(path.join(out, GOLDEN_FILE), goldenBytes);
    await writeFile(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`test accuracy ${(trained.metrics.testAccuracy * 100).toFixed(2)}% on ${trained.metrics.testSamples} texts; wrote ${out}`);
    let int8: Int8TextRun | undefined;
    if (values.int8) {
      const test = dataset.test;
      int8 = await exportInt8TextRun({ trained, float: onnx, floatManifest: manifest, test, goldenTexts, vocabularyBytes, opset, out: path.join(out, 'int8') });
      const figures = (e: Int8TextRun['float']): string => `${(e.accuracy * 100).toFixed(2)}% test accuracy, ${e.bytes} bytes`;
      console.log(`onnxruntime-node on ${test.texts.length} test texts: float ${figures(int8.float)}; int8 ${figures(int8.int8)}`);
      console.log(int8.manifest ? `wrote ${path.join(out, 'int8')}` : `int8 loses ${int8.lostPoints.toFixed(2)} points (> 0.3): not written`);
    }
    if (values.publish) {
      const store = await openStore(values.target, values['persist-to']);
      try {
        const published = await publishTextRun({ dir: out, store });
        console.log(`published ${published.name}@${published.version}`);
        if (int8?.manifest) {
          const quantized = await publishTextRun({ dir: path.join(out, 'int8'), store });
          console.log(`published ${quantized.name}@${quantized.version} (int8)`);
        }
      } finally {
        await store.close();
      }
    }
  },
});
