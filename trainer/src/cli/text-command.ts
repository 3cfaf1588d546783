import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TrainerError } from '../errors.ts';
import { parseBackendName, selectBackend } from '../tf.ts';
import { addGoldenArtifact, GOLDEN_FILE } from '../golden/add-golden-artifact.ts';
import { GOLDEN_COUNT } from '../golden/golden-image-inputs.ts';
import { servingGoldenVectors } from '../golden/serving-golden-vectors.ts';
import { buildTextManifest } from '../text/build-text-manifest.ts';
import { exportInt8TextRun, type Int8TextRun } from '../text/export-int8-text-run.ts';
import { TEXT_ARCHITECTURES, type TextArchitecture } from '../text/build-text-model.ts';
import { loadTextDataset } from '../text/load-text-dataset.ts';
import { measureTextParity } from '../text/measure-text-parity.ts';
import { publishTextRun } from '../text/publish-text-run.ts';
import { trainTextModel } from '../text/train-text-model.ts';
import { openStore } from './open-store.ts';

export const TEXT_USAGE = `usage: trainer text train [options]

Trains a text classifier and writes <out>/model.onnx, vocabulary.json, golden.json and manifest.json.
  --data spam|FILE.csv|FILE.jsonl  spam: the SpamAssassin corpus; a file of text,label rows
  --arch pooled|lstm|transformer   default pooled (lstm and transformer train ~10x slower on CPU)
  --blocks 1|2                     transformer encoder blocks (default 1)
  --name NAME                      default spam (or the file's base name)
  --out DIR                        default .artifacts/text/<time>
  --epochs N (4)  --batch-size N (64)  --vocab N (8000)  --max-length N (200)  --seed N (42)
  --backend cpu|tensorflow|...     default $EDGEML_TF_BACKEND, else cpu (faster than wasm for text: a 1-epoch
                                   transformer took 900 s on cpu, 1,320 s on wasm; the GPU image sets tensorflow-gpu)
  --int8                           also write an int8 variant (weights and embedding table int8) to <out>/int8,
                                   measured against float on the test split; kept only within 0.3 points
  --publish                        then publish the run (model + vocabulary) as the production version
                                   (with --int8: the float version, then the int8 one as production)
  --target local|r2                where --publish writes (default local)
  --persist-to DIR                 local R2 state folder, as wrangler dev --persist-to`;

const OPTIONS = {
  data: { type: 'string' },
  arch: { type: 'string' },
  blocks: { type: 'string' },
  name: { type: 'string' },
  out: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  vocab: { type: 'string' },
  'max-length': { type: 'string' },
  seed: { type: 'string' },
  backend: { type: 'string' },
  int8: { type: 'boolean' },
  publish: { type: 'boolean' },
  target: { type: 'string' },
  'persist-to': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `trainer text …`; returns the exit code (1 for the caller's mistakes, 2 for internal faults). */
export async function runTextCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    if (values.help || positionals[0] !== 'train') {
      console.log(TEXT_USAGE);
      return values.help ? 0 : 1;
    }
    const architecture = (values.arch ?? 'pooled') as TextArchitecture;
    if (!TEXT_ARCHITECTURES.includes(architecture)) throw new TrainerError('invalid_argument', `--arch must be one of ${TEXT_ARCHITECTURES.join(', ')}`);
    // Checked before training, so a typo does not cost a training run.
    if (values.target !== undefined && !['local', 'r2'].includes(values.target)) throw new TrainerError('invalid_argument', `unknown --target "${values.target}": use local or r2`);
    const blocks = integer(values.blocks, 1, '--blocks');
    if (blocks > 2) throw new TrainerError('invalid_argument', `--blocks must be 1 or 2, not ${blocks}`);
    const source = values.data ?? 'spam';
    const seed = integer(values.seed, 42, '--seed');
    // EDGEML_TF_BACKEND as image training honours it: in the GPU image it is tensorflow-gpu, and text must not fall back to cpu there.
    const backend = await selectBackend({ backend: parseBackendName(values.backend ?? env.EDGEML_TF_BACKEND ?? 'cpu') });
    const dataset = await loadTextDataset(source, { seed });
    console.error(`${dataset.name}: ${dataset.train.texts.length} train, ${dataset.validation.texts.length} validation, ${dataset.test.texts.length} test`);
    const epochs = integer(values.epochs, 4, '--epochs');
    const batchSize = integer(values['batch-size'], 64, '--batch-size');
    const trained = await trainTextModel(dataset, {
      architecture,
      epochs,
      batchSize,
      vocabularySize: integer(values.vocab, 8000, '--vocab'),
      maxLength: integer(values['max-length'], 200, '--max-length'),
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
    const name = values.name ?? (source === 'spam' ? 'spam' : dataset.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-'));
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
      const store = await openStore(values.target ?? 'local', values['persist-to']);
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
    return 0;
  } catch (error) {
    if (error instanceof TrainerError) {
      console.error(`trainer: ${error.message}`);
      return error.isUserError ? 1 : 2;
    }
    if (error instanceof TypeError && 'code' in error) {
      console.error(`trainer: ${error.message}`);
      return 1;
    }
    console.error(`trainer: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

function integer(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new TrainerError('invalid_argument', `${flag} must be a whole number ≥ 1, not "${value}"`);
  return parsed;
}
